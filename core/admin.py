"""Admin for companies and users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core.models import MultiTenantCompany, MultiTenantUser


@admin.register(MultiTenantCompany)
class MultiTenantCompanyAdmin(admin.ModelAdmin):
    """Companies: a superuser sees all, a company user only their own."""

    list_display = ("name", "country", "language", "active")
    search_fields = ("name",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=getattr(request.user, "multi_tenant_company_id", None))

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(MultiTenantUser)
class MultiTenantUserAdmin(UserAdmin):
    """Users with their company."""

    list_display = ("username", "email", "multi_tenant_company", "is_staff")
    list_filter = ("is_staff", "is_superuser", "multi_tenant_company")
    fieldsets = (*UserAdmin.fieldsets, ("Company", {"fields": ("multi_tenant_company", "language")}))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(multi_tenant_company=getattr(request.user, "multi_tenant_company", None))
