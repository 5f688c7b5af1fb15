"""Admin history pages (django-simple-history) that answer 404 to an address without a key."""

from django.contrib.admin.utils import unquote
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
