from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from search.health import healthz

# The site's own error page, rendered without the database (config/outage.py); 404.html needs no view.
handler500 = "config.outage.server_error"

admin.site.site_header = _("Talk Archive administration")
admin.site.site_title = _("Talk Archive admin")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("search.urls")),
    path("", include("talks.urls")),
]
