import os

from django.core.wsgi import get_wsgi_application

from config.env_file import load_env_file

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
load_env_file()
application = get_wsgi_application()

# jieba's dictionary takes about a second to load: load it with the app (gunicorn preloads the app
# in the master, so workers share it), not on the first Chinese search.
from talks.parsing.chinese import preload  # noqa: E402

preload()
