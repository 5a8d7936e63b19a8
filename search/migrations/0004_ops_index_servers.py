from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0003_race_index_generation")]

    operations = [
        migrations.CreateModel(
            name="IndexServer",
            fields=[
                ("server_id", models.CharField(help_text="Kept in a file beside the server's index directory.",
                                               max_length=36, primary_key=True, serialize=False, verbose_name="server id")),
                ("host", models.CharField(max_length=255, verbose_name="host name")),
                ("index_path", models.CharField(max_length=1000, verbose_name="index directory")),
                ("last_seen", models.DateTimeField(verbose_name="last seen")),
            ],
            options={"verbose_name": "server with a local index", "verbose_name_plural": "servers with a local index"},
        ),
    ]
