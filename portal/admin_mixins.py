"""Admin parts that answer bad addresses and posted values with 404 or a form error, not 500."""

from django.contrib.admin.options import BaseModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import (
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class CheckedHistoryAdmin(SimpleHistoryAdmin):
    """History pages whose address holds no primary key are not found, instead of failing."""

    def _check_key(self, model, value) -> None:
        try:
            model._meta.pk.to_python(unquote(value))
        except ValidationError:
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self._check_key(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_key(self.model, object_id)
        self._check_key(self.model.history.model, version_id)  # type: ignore[attr-defined]
        return super().history_form_view(request, object_id, version_id, extra_context)


class KeysOnlyMixin(AutocompleteMixin):
    """Django's autocomplete widget looks up the posted values as they are when it shows a form
    again, and text in a number key raises there; values that cannot be a key are left out, and
    the form field reports them as an invalid choice."""

    def optgroups(self, name, value, attr=None):
        related = self.field.remote_field
        options = related.model._meta
        key = options.get_field(getattr(related, "field_name", options.pk.attname))
        return super().optgroups(name, [v for v in value if _is_key(key, v)], attr)


def _is_key(field, value) -> bool:
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class KeysOnlyAutocompleteSelect(KeysOnlyMixin, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(KeysOnlyMixin, AutocompleteSelectMultiple):
    pass


class KeysOnlyAutocomplete(BaseModelAdmin):
    """Admin (or inline) whose autocomplete fields survive any posted value."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
