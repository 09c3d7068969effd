"""A place a company sells: the base of every vendor's channel model."""

from django.db import models

from core.models import TenantModel


class SalesChannel(TenantModel):
    """A connected shop or marketplace account of a company."""

    name = models.CharField(max_length=255)
    active = models.BooleanField(default=True)
    base_url = models.URLField(max_length=512, blank=True, help_text="The vendor (or sandbox) API base URL.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["multi_tenant_company", "name"], name="sales_channel_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
