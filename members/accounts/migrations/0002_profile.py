from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="display_name",
            field=models.CharField(
                blank=True,
                help_text="Shown with your comments. Leave empty to show your full name.",
                max_length=80,
                verbose_name="display name",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="organisation",
            field=models.CharField(blank=True, max_length=200, verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="user",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("clientenraadslid", "client council member"),
                    ("ondersteuner", "client council supporter"),
                    ("medewerker", "care organisation staff member"),
                    ("anders", "other"),
                ],
                max_length=32,
                verbose_name="role",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="sector",
            field=models.CharField(
                blank=True,
                choices=[
                    ("thuiszorg", "home care"),
                    ("verpleeghuiszorg", "nursing home care"),
                    ("ggz", "mental health care"),
                    ("maatschappelijke_opvang", "social shelter"),
                    ("jeugdzorg", "youth care"),
                    ("ziekenhuis", "hospital"),
                    ("zelfstandige_klinieken", "independent clinics"),
                    ("eerstelijnszorg", "primary care"),
                    ("gehandicaptenzorg", "disability care"),
                    ("anders", "other"),
                ],
                max_length=32,
                verbose_name="sector",
            ),
        ),
    ]
