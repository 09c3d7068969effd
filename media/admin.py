"""Admin for media and their product links; an uploaded file already stored for the company is refused."""

from django import forms
from django.contrib import admin

from core.admin_helpers import TenantAdmin, TenantInline
from media.models import Media, MediaProductThrough


class MediaAdminForm(forms.ModelForm):
    """Hashes a newly uploaded file and refuses it when the company already has that content."""

    company_id: int | None = None
    source_url = forms.URLField(max_length=1024, required=False, assume_scheme="https")

    class Meta:
        model = Media
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("image")
        if "image" not in self.changed_data or not upload:
            return cleaned
        upload.seek(0)
        content_hash = Media.hash_bytes(upload.read())
        upload.seek(0)
        duplicate = (
            Media.objects.filter(multi_tenant_company_id=self.company_id, content_hash=content_hash)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if duplicate is not None:
            raise forms.ValidationError({"image": f"This file is already stored as media {duplicate.pk}."})
        self.instance.content_hash = content_hash
        return cleaned


class MediaProductThroughInline(TenantInline):
    """The products showing this media."""

    model = MediaProductThrough
    fields = ("product", "sales_channel", "sort_order", "is_main_image")
    raw_id_fields = ("product",)


@admin.register(Media)
class MediaAdmin(TenantAdmin):
    """Images (upload or source URL) with the products using them inline."""

    form = MediaAdminForm
    list_display = ("__str__", "type", "title", "source_url", "content_hash", "updated_at")
    list_filter = ("type",)
    search_fields = ("title", "source_url", "content_hash", "product_links__product__sku")
    readonly_fields = (*TenantAdmin.readonly_fields, "content_hash")
    inlines = (MediaProductThroughInline,)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.company_id = obj.multi_tenant_company_id if obj else getattr(request.user, "multi_tenant_company_id", None)
        return form


@admin.register(MediaProductThrough)
class MediaProductThroughAdmin(TenantAdmin):
    """Which media a product shows, in which order, which is main, and for which channel."""

    list_display = ("product", "media", "sales_channel", "sort_order", "is_main_image")
    list_filter = ("is_main_image", "sales_channel")
    search_fields = ("product__sku", "media__title", "media__source_url")
    raw_id_fields = ("product", "media")
    list_select_related = ("multi_tenant_company", "product", "media", "sales_channel")
