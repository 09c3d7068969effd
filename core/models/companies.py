"""Tenants: a company and the users that belong to it."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


def default_languages() -> list[str]:
    """Enabled languages of a new company: just English."""
    return ["en"]


class MultiTenantCompany(models.Model):
    """A tenant: every catalog and sales-channel row belongs to exactly one company."""

    name = models.CharField(max_length=255, unique=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    language = models.CharField(max_length=7, choices=settings.LANGUAGES, default="en")
    languages = models.JSONField(default=default_languages, help_text="Enabled language codes.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "multi tenant companies"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = {code for code, _ in settings.LANGUAGES}
        unknown = sorted(set(self.languages or []) - known)
        if unknown:
            raise ValidationError({"languages": f"Unknown language codes: {', '.join(unknown)}."})
        if self.language not in (self.languages or []):
            raise ValidationError({"languages": "The default language must be one of the enabled languages."})

    @property
    def default_currency(self):
        """The company's default currency (one `Currency` row flagged default), or None."""
        return self.currency_set.filter(is_default_currency=True).first()


class MultiTenantUser(AbstractUser):
    """A user; everyone but a superuser belongs to one company and sees only its rows."""

    multi_tenant_company = models.ForeignKey(
        MultiTenantCompany, null=True, blank=True, on_delete=models.CASCADE, related_name="users"
    )
    is_multi_tenant_company_owner = models.BooleanField(default=False)
    language = models.CharField(max_length=7, choices=settings.LANGUAGES, default="en")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=True) | models.Q(multi_tenant_company__isnull=False),
                name="user_company_required_unless_superuser",
            )
        ]
