"""The encrypted field: round trip, no plaintext in the column, clear failure with a wrong key."""

import pytest
from django.conf import settings
from django.db import connection, models
from django.test.utils import isolate_apps, override_settings

from core import crypto
from core.crypto import EncryptionKeyError, decrypt, encrypt, generate_key
from core.fields import EncryptedTextField


def test_encrypt_round_trip_and_key_id_prefix():
    token = encrypt("shpat_secret", context="x.y")
    assert token.startswith("enc:v1:test1:")
    assert "shpat_secret" not in token
    assert decrypt(token, context="x.y") == "shpat_secret"


def test_context_is_bound():
    token = encrypt("secret", context="a.b")
    with pytest.raises(EncryptionKeyError, match="wrong key or tampered"):
        decrypt(token, context="a.c")


def test_wrong_key_fails_clearly():
    token = encrypt("secret", context="a.b")
    wrong_ring = "test1:" + generate_key().split(":", 1)[1]
    with (
        override_settings(ONESILA_ENCRYPTION_KEY=wrong_ring),
        pytest.raises(EncryptionKeyError, match="cannot be decrypted with key id 'test1'"),
    ):
        decrypt(token, context="a.b")


def test_unknown_key_id_fails_clearly():
    token = encrypt("secret", context="a.b")
    with (
        override_settings(ONESILA_ENCRYPTION_KEY=generate_key(kid="new")),
        pytest.raises(EncryptionKeyError, match="key id 'test1', which is not in"),
    ):
        decrypt(token, context="a.b")


def test_rotation_old_values_still_decrypt():
    token = encrypt("secret", context="a.b")
    ring = f"{generate_key(kid='k2')},{settings.ONESILA_ENCRYPTION_KEY}"
    with override_settings(ONESILA_ENCRYPTION_KEY=ring):
        assert decrypt(token, context="a.b") == "secret"
        assert encrypt("new", context="a.b").startswith("enc:v1:k2:")


def test_development_key_is_derived_when_unset(caplog):
    crypto._key_ring.cache_clear()
    with override_settings(ONESILA_ENCRYPTION_KEY=""):
        token = encrypt("secret", context="a.b")
    assert token.startswith("enc:v1:dev:")
    assert "development key" in caplog.text


@pytest.mark.django_db(transaction=True)
@isolate_apps("core")
def test_field_stores_no_plaintext_in_raw_column():
    class SecretHolder(models.Model):
        token = EncryptedTextField(blank=True)

        class Meta:
            app_label = "core"

    with connection.schema_editor() as editor:
        editor.create_model(SecretHolder)
    try:
        holder = SecretHolder.objects.create(token="shpat_very_secret")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {SecretHolder._meta.db_table} WHERE id = %s", [holder.pk])
            raw = cursor.fetchone()[0]
        assert "shpat_very_secret" not in raw
        assert raw.startswith("enc:v1:")
        assert SecretHolder.objects.get(pk=holder.pk).token == "shpat_very_secret"
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(SecretHolder)
