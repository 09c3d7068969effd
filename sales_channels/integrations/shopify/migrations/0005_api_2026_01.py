# Shopify serves 2025-04 calls as 2026-01 since December 2026: every channel moves to the pinned version.
# Also: the customId definition flag (productSet upserts) and the client-credentials auth method.

from django.db import migrations, models


def pin_2026_01(apps, schema_editor):
    channel = apps.get_model("shopify", "ShopifySalesChannel")
    channel.objects.exclude(api_version="2026-01").update(api_version="2026-01")


class Migration(migrations.Migration):
    dependencies = [
        ("shopify", "0004_inbox"),
    ]

    operations = [
        migrations.AlterField(
            model_name="shopifysaleschannel",
            name="api_version",
            field=models.CharField(default="2026-01", max_length=16),
        ),
        migrations.RunPython(pin_2026_01, migrations.RunPython.noop),
        migrations.AddField(
            model_name="shopifysaleschannel",
            name="custom_id_ready",
            field=models.BooleanField(
                default=False,
                help_text="The unique metafield definition listings upsert by (productSet customId) exists.",
            ),
        ),
        migrations.AlterField(
            model_name="shopifysaleschannel",
            name="auth_method",
            field=models.CharField(
                choices=[
                    ("oauth", "OAuth (authorization code: public or Dev-Dashboard app)"),
                    ("client_credentials", "Dev-Dashboard custom app (client credentials, 24 h tokens)"),
                    ("custom_app", "Legacy custom app access token (existing apps only)"),
                ],
                default="oauth",
                max_length=32,
            ),
        ),
    ]
