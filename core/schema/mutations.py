"""Generic tenant-scoped create / update / delete mutations.

Inputs are plain `@strawberry.input` classes whose field names match the model's fields:
foreign keys are `strawberry.ID`, many-to-many fields are `list[strawberry.ID]`, and update
inputs carry `id` with every other field defaulting to `strawberry.UNSET`. The company comes
from the request; every referenced row is looked up inside that company, so another tenant's
ids behave exactly like unknown ids. Model validation (`full_clean`) and database constraints
become GraphQL errors with a readable message naming the field (and, for an invalid choice, the
allowed values), never the database's own text; nothing is written when one is raised.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

import strawberry
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from graphql import GraphQLError
from strawberry.types import Info

from core.models import MultiTenantCompany
from core.schema.context import get_multi_tenant_company, get_request_user


@strawberry.type
class DeletedObject:
    """The id of a row a delete mutation removed."""

    id: strawberry.ID


def _allowed_values(*, instance: models.Model | None, field_name: str) -> str:
    if instance is None or field_name == "__all__":
        return ""
    try:
        field = instance._meta.get_field(field_name)
    except FieldDoesNotExist:
        return ""
    choices = [str(value) for value, _label in (getattr(field, "flatchoices", None) or [])]
    return f" Allowed values: {', '.join(choices)}." if choices else ""


def validation_message(error: ValidationError, *, instance: models.Model | None = None) -> str:
    """Flatten a Django ValidationError into one readable sentence list; an invalid choice names the allowed ones."""
    if hasattr(error, "error_dict"):
        parts = []
        for field, errors in error.error_dict.items():
            prefix = "" if field == "__all__" else f"{field}: "
            for item in errors:
                message = " ".join(item.messages)
                if item.code == "invalid_choice":
                    message += _allowed_values(instance=instance, field_name=field)
                parts.append(f"{prefix}{message}")
        return "; ".join(parts)
    return "; ".join(error.messages)


def _constraint_fields(*, instance: models.Model, error: IntegrityError) -> list[str]:
    """The model fields of the unique constraint a database error names (PostgreSQL or SQLite wording)."""
    text = str(error)
    for constraint in instance._meta.total_unique_constraints:
        if constraint.name and constraint.name in text:
            return list(constraint.fields)
    columns = text.split("UNIQUE constraint failed:", 1)[-1] if "UNIQUE constraint failed:" in text else ""
    names = [column.strip().rsplit(".", 1)[-1] for column in columns.split(",") if column.strip()]
    by_column = {field.column: field.name for field in instance._meta.concrete_fields}
    return [by_column.get(name, name) for name in names]


def integrity_message(*, instance: models.Model, error: IntegrityError) -> str:
    """A database constraint violation as a field error: which fields, and that the combination is taken."""
    label = instance._meta.verbose_name
    fields = [name for name in _constraint_fields(instance=instance, error=error) if name != "multi_tenant_company"]
    if fields:
        return f"{', '.join(fields)}: a {label} with this {' and '.join(fields)} already exists."
    if "NOT NULL" in str(error) or "null value" in str(error):
        return f"A required value of the {label} is missing."
    return f"The {label} breaks a data rule (a related row is missing or a value is taken); check the values."


def get_tenant_object(*, model: type[models.Model], pk: Any, company: MultiTenantCompany) -> models.Model:
    """Fetch a row of this company by id, or raise a GraphQL error that names the model."""
    try:
        return model.objects.filter_multi_tenant(company).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise GraphQLError(f"{model._meta.verbose_name.capitalize()} with id {pk} was not found.") from exc


def _input_values(data: Any) -> dict[str, Any]:
    return {
        field.name: getattr(data, field.name)
        for field in dataclasses.fields(data)
        if field.name != "id" and getattr(data, field.name) is not strawberry.UNSET
    }


def apply_input(*, instance: models.Model, data: Any, company: MultiTenantCompany) -> dict[str, list]:
    """Copy input values onto the instance, resolving relations inside the company; return pending m2m."""
    pending_m2m: dict[str, list] = {}
    for name, value in _input_values(data).items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            pending_m2m[name] = [
                get_tenant_object(model=field.related_model, pk=pk, company=company) for pk in value or []
            ]
        elif field.is_relation:
            related = None if value is None else get_tenant_object(model=field.related_model, pk=value, company=company)
            setattr(instance, name, related)
        else:
            setattr(instance, name, value)
    return pending_m2m


def save_validated(*, instance: models.Model, pending_m2m: dict[str, list] | None = None) -> models.Model:
    """full_clean + save inside a savepoint, turning every validation failure into a GraphQL error."""
    try:
        with transaction.atomic():
            instance.full_clean()
            instance.save()
            for name, objects in (pending_m2m or {}).items():
                getattr(instance, name).set(objects)
    except ValidationError as exc:
        raise GraphQLError(validation_message(exc, instance=instance)) from exc
    except IntegrityError as exc:
        raise GraphQLError(integrity_message(instance=instance, error=exc)) from exc
    return instance


def _mark(field, *, model: type[models.Model], kind: str):
    """Tag the field with its model and kind, so tests can check every tenant mutation generically."""
    field.tenant_model = model
    field.tenant_kind = kind
    return field


def _resolver(fn: Callable, *, input_type: type | None, output_type: type) -> Callable:
    fn.__annotations__ = {"info": Info, "return": output_type}
    if input_type is not None:
        fn.__annotations__["data"] = input_type
    return fn


def tenant_create(*, model: type[models.Model], input_type: type, output_type: type, description: str = ""):
    """A `create<Model>` mutation: the row is created in the request user's company."""

    def create(info, data):
        company = get_multi_tenant_company(info)
        user = get_request_user(info)
        instance = model(multi_tenant_company=company, created_by_multi_tenant_user=user)
        instance.last_update_by_multi_tenant_user = user
        pending = apply_input(instance=instance, data=data, company=company)
        return save_validated(instance=instance, pending_m2m=pending)

    field = strawberry.mutation(
        resolver=_resolver(create, input_type=input_type, output_type=output_type),
        description=description or f"Create a {model._meta.verbose_name}.",
    )
    return _mark(field, model=model, kind="create")


def tenant_update(*, model: type[models.Model], input_type: type, output_type: type, description: str = ""):
    """An `update<Model>` mutation: only rows of the request user's company can be found and changed."""

    def update(info, data):
        company = get_multi_tenant_company(info)
        instance = get_tenant_object(model=model, pk=data.id, company=company)
        instance.last_update_by_multi_tenant_user = get_request_user(info)
        pending = apply_input(instance=instance, data=data, company=company)
        return save_validated(instance=instance, pending_m2m=pending)

    field = strawberry.mutation(
        resolver=_resolver(update, input_type=input_type, output_type=output_type),
        description=description or f"Update a {model._meta.verbose_name}.",
    )
    return _mark(field, model=model, kind="update")


def tenant_delete(*, model: type[models.Model], description: str = ""):
    """A `delete<Model>` mutation taking the row's id; another company's id is 'not found'."""

    def delete(info: Info, id: strawberry.ID) -> DeletedObject:  # noqa: A002 - GraphQL argument name
        company = get_multi_tenant_company(info)
        instance = get_tenant_object(model=model, pk=id, company=company)
        try:
            with transaction.atomic():
                instance.delete()
        except models.ProtectedError as exc:
            users = sorted({type(row)._meta.verbose_name for row in exc.protected_objects})
            raise GraphQLError(
                f"Cannot delete {model._meta.verbose_name} {id}: it is still used by {', '.join(users)}."
            ) from exc
        except (ValidationError, IntegrityError) as exc:
            raise GraphQLError(
                f"Cannot delete {model._meta.verbose_name} {id}: other rows still depend on it."
            ) from exc
        return DeletedObject(id=id)

    field = strawberry.mutation(resolver=delete, description=description or f"Delete a {model._meta.verbose_name}.")
    return _mark(field, model=model, kind="delete")
