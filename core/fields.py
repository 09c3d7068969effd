"""Model fields shared by every app."""

from django.db import models

from core.crypto import decrypt, encrypt, is_encrypted


class EncryptedTextField(models.TextField):
    """A text column stored AES-GCM encrypted; reads return plaintext, the raw column never holds it."""

    def _context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value, context=self._context())

    def to_python(self, value):
        if is_encrypted(value):
            return decrypt(value, context=self._context())
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or is_encrypted(value):
            return value
        return encrypt(value, context=self._context())
