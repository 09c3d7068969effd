"""Admin base classes that scope every changelist, form, dropdown and inline to the user's company.

- `TenantAdmin`: a company user sees and edits only their company's rows (a superuser sees all);
  a new row gets the user's company *before* validation, so model `clean()` can read it and the
  (company, ...) unique constraints are validated as form errors instead of failing in the database;
  relation dropdowns list only the company's rows; inline children take the parent's company.
- `TenantInline`: the inline counterpart (company set before validation, scoped dropdowns).
"""

from typing import ClassVar

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

AUDIT_FIELDS = ("created_by_multi_tenant_user", "last_update_by_multi_tenant_user")


def user_company(request: HttpRequest):
    """The logged-in user's company (None for a company-less superuser)."""
    return getattr(request.user, "multi_tenant_company", None)


def scope_related_choices(*, request: HttpRequest, db_field, kwargs: dict) -> dict:
    """Limit a relation's choices (and raw-id validation) to the user's company for non-superusers."""
    related = db_field.related_model
    if not request.user.is_superuser and hasattr(related, "multi_tenant_company"):
        kwargs["queryset"] = related._default_manager.filter(multi_tenant_company=user_company(request))
    return kwargs


def _keep_company_in_validation(*, exclude: set[str], instance) -> set[str]:
    # The company is never a form field, so Django would skip every (company, ...) unique constraint;
    # once the instance has its company, validate them as form errors.
    if instance.multi_tenant_company_id:
        exclude.discard("multi_tenant_company")
    return exclude


def company_aware_form(*, form_class: type[forms.ModelForm], company) -> type[forms.ModelForm]:
    """A subclass of `form_class` whose new instances start in `company` and whose validation covers it."""

    class CompanyAwareForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if company is not None and not self.instance.multi_tenant_company_id:
                self.instance.multi_tenant_company = company

        def _get_validation_exclusions(self):
            return _keep_company_in_validation(exclude=super()._get_validation_exclusions(), instance=self.instance)

    return CompanyAwareForm


class TenantChildForm(forms.ModelForm):
    """Inline form that validates the child's company-scoped constraints."""

    def _get_validation_exclusions(self):
        return _keep_company_in_validation(exclude=super()._get_validation_exclusions(), instance=self.instance)


class TenantChildFormSet(BaseInlineFormSet):
    """Inline formset whose forms' instances carry the parent's company before they are validated."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance is not None and self.instance.multi_tenant_company_id:
            form.instance.multi_tenant_company_id = self.instance.multi_tenant_company_id
        return form


class TenantAdmin(admin.ModelAdmin):
    """ModelAdmin for a tenant-owned model, scoped to the user's company (membership is the permission)."""

    list_select_related: ClassVar[bool | tuple[str, ...]] = ("multi_tenant_company",)
    readonly_fields: ClassVar[tuple[str, ...]] = ("created_at", "updated_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(multi_tenant_company=user_company(request))

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        return (*filters, "multi_tenant_company") if request.user.is_superuser else filters

    def get_exclude(self, request, obj=None):
        excluded = tuple(super().get_exclude(request, obj) or ())
        if request.user.is_superuser:
            return (*excluded, *AUDIT_FIELDS)
        return (*excluded, "multi_tenant_company", *AUDIT_FIELDS)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        company = None if request.user.is_superuser else user_company(request)
        return company_aware_form(form_class=form_class, company=company)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser or not obj.multi_tenant_company_id:
            obj.multi_tenant_company = user_company(request)
        if not change:
            obj.created_by_multi_tenant_user = request.user
        obj.last_update_by_multi_tenant_user = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        children = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for child in children:
            child.multi_tenant_company = form.instance.multi_tenant_company
            if child._state.adding:
                child.created_by_multi_tenant_user = request.user
            child.last_update_by_multi_tenant_user = request.user
            child.save()
        formset.save_m2m()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scope_related_choices(request=request, db_field=db_field, kwargs=kwargs)
        return super().formfield_for_foreignkey(db_field, request, **scoped)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scoped = scope_related_choices(request=request, db_field=db_field, kwargs=kwargs)
        return super().formfield_for_manytomany(db_field, request, **scoped)

    def _is_company_staff(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or (user.is_staff and user_company(request) is not None))

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
    """Inline for a tenant-owned child row: company from the parent, dropdowns scoped to the company."""

    extra = 0
    exclude = ("multi_tenant_company", *AUDIT_FIELDS)
    form = TenantChildForm
    formset = TenantChildFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scope_related_choices(request=request, db_field=db_field, kwargs=kwargs)
        return super().formfield_for_foreignkey(db_field, request, **scoped)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission
