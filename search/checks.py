"""`manage.py check`: a setup that cannot work is refused (search.servers)."""

from django.core.checks import Error, register
from django.db import DatabaseError

from . import servers


@register("search")
def shared_database_with_local_indexes(app_configs=None, **kwargs):
    try:
        others = servers.other_servers()
    except DatabaseError:
        return []  # no database (yet): nothing to compare with
    if not others:
        return []
    return [Error(servers.problem(others), hint=servers.FIX, id="search.E010")]
