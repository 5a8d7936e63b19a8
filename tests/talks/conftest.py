import pytest


@pytest.fixture
def staff(admin_client, django_capture_on_commit_callbacks):
    """A superuser's client whose requests commit as they would in production (indexing runs after commit)."""

    class Committing:
        def get(self, *args, **kwargs):
            return admin_client.get(*args, **kwargs)

        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return admin_client.post(*args, **kwargs)

    return Committing()
