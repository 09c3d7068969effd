"""Admin base classes that scope every changelist, form and lookup to the user's company."""

from django.contrib import admin
from django.http import HttpRequest


def _company(request: HttpRequest):
    return getattr(request.user, "multi_tenant_company", None)


class TenantAdmin(admin.ModelAdmin):
    """ModelAdmin for a tenant-owned model: a company user sees and edits only their company's rows.

    A superuser sees every company. Company staff need no per-model permission: membership is
    the permission, and the company field is set from the user, never chosen in the form.
    """

    list_select_related = ("multi_tenant_company",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(multi_tenant_company=_company(request))

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        return (*filters, "multi_tenant_company") if request.user.is_superuser else filters

    def get_exclude(self, request, obj=None):
        excluded = tuple(super().get_exclude(request, obj) or ())
        audit = ("created_by_multi_tenant_user", "last_update_by_multi_tenant_user")
        if request.user.is_superuser:
            return (*excluded, *audit)
        return (*excluded, "multi_tenant_company", *audit)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser or not obj.multi_tenant_company_id:
            obj.multi_tenant_company = _company(request)
        if not change:
            obj.created_by_multi_tenant_user = request.user
        obj.last_update_by_multi_tenant_user = request.user
        super().save_model(request, obj, form, change)

    def _scope_related(self, request, db_field, kwargs):
        related = db_field.related_model
        if request.user.is_superuser or not hasattr(related, "multi_tenant_company"):
            return kwargs
        kwargs["queryset"] = related._default_manager.filter(multi_tenant_company=_company(request))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._scope_related(request, db_field, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._scope_related(request, db_field, kwargs))

    def _is_company_staff(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or (user.is_staff and _company(request) is not None))

    def has_module_permission(self, request):
        return self._is_company_staff(request)

    def has_view_permission(self, request, obj=None):
        return self._is_company_staff(request)

    def has_add_permission(self, request):
        return self._is_company_staff(request)

    def has_change_permission(self, request, obj=None):
        return self._is_company_staff(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_company_staff(request)


class TenantInline(admin.TabularInline):
    """Inline for a tenant-owned child row: the child inherits the parent's company on save."""

    extra = 0
    exclude = ("multi_tenant_company", "created_by_multi_tenant_user", "last_update_by_multi_tenant_user")

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission
