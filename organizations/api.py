"""The open, read-only API of the public register: public fields only."""

import hashlib
import json
from functools import cached_property, lru_cache, partial
from typing import cast
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from organizations.filters import AssociationFilter
from organizations.models import Association, Category, TargetGroup
from organizations.register import (
    CACHE_SECONDS,
    FILTER_KEYS,
    CachedCountPaginator,
    is_whole_register,
    normalised_query,
)
from organizations.services import register_version
from portal.api import FieldsBuiltOnce, PagePagination
from portal.database import CompiledStatements
from portal.links import Urls

KEYS = (*FILTER_KEYS, "page")


# The list's row queries of the last few hundred filter combinations and pages, compiled.
ROWS = CompiledStatements(size=500)


class KeptRowsPaginator(CachedCountPaginator):
    """A page's rows read with their compiled query kept per `rows_key` and page (ROWS):
    putting the query together took a quarter of the list. None when searching, whose
    matching ids are among its parameters."""

    def __init__(self, object_list, per_page, *, rows_key: tuple | None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows_key = rows_key

    def page(self, number):
        page = super().page(number)
        if self.rows_key is not None:
            rows = cast(QuerySet, page.object_list)
            bounds = (rows.query.low_mark, rows.query.high_mark)
            page.object_list = ROWS.instances((*self.rows_key, bounds), lambda: rows, Association)
        return page


class RegisterPagination(PagePagination):
    """Pages of 25, with the total count cached per filter until the register changes; the
    whole register's count is kept by the database."""

    def paginate_queryset(self, queryset, request, view=None):
        filter_query = normalised_query(request.query_params, FILTER_KEYS)
        digest = hashlib.sha256(urlencode(filter_query).encode()).hexdigest()[:32]
        key = f"organizations:api-count:{register_version()}:{digest}"
        # A value the filters refuse has been answered with 400 before this: the normalised
        # filters determine the query, in the language its tags' names are read in.
        searching = any(name == "q" for name, _value in filter_query)
        self.django_paginator_class = partial(
            KeptRowsPaginator,
            count_key=key,
            whole_register=is_whole_register(filter_query),
            rows_key=None if searching else (get_language(), tuple(filter_query)),
        )
        return super().paginate_queryset(queryset, request, view)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["slug", "name"]


class OptionalURLField(serializers.URLField):
    """An address the association has not given is null, not an empty text that is no URL."""

    def to_representation(self, value):
        return value or None


class OptionalEmailField(serializers.EmailField):
    def to_representation(self, value):
        return value or None


class OptionalChoiceField(serializers.ChoiceField):
    """A choice left unanswered is null, not an empty text outside the documented choices."""

    def to_representation(self, value):
        return super().to_representation(value) or None


def _tags(tags) -> list[dict]:
    # Read by the ORM each tag is a dictionary; read by raw() with a kept statement (ROWS),
    # whose columns no field converts, it is the database's JSON text.
    found = (json.loads(tag) if isinstance(tag, str) else tag for tag in tags)
    return [{"slug": tag["slug"], "name": tag["name"]} for tag in found]


# The fields the serializer works out rather than reads from a column of the association.
WORKED_OUT = ("categories", "target_groups", "page_url")


class AssociationSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    # Read with the association (AssociationQuerySet.with_tags), not in two more queries.
    categories = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()
    public_email = OptionalEmailField(read_only=True, allow_null=True)
    website = OptionalURLField(read_only=True, allow_null=True)
    facebook = OptionalURLField(read_only=True, allow_null=True)
    instagram = OptionalURLField(read_only=True, allow_null=True)
    other_social = OptionalURLField(read_only=True, allow_null=True)
    member_count = OptionalChoiceField(
        choices=Association.MemberCount.choices, read_only=True, allow_null=True
    )
    page_url = serializers.SerializerMethodField(help_text="The association's page in the portal.")

    class Meta:
        model = Association
        # Public fields only: the contact person's details are never part of the open data.
        fields = [
            "slug",
            "name",
            "page_url",
            "business_id",
            "register_number",
            "domicile",
            "categories",
            "target_groups",
            "languages",
            "purpose",
            "purpose_fi",
            "purpose_sv",
            "purpose_en",
            "activities",
            "how_to_join",
            "accessibility",
            "public_email",
            "public_phone",
            "website",
            "facebook",
            "instagram",
            "other_social",
            "postal_address",
            "founded_year",
            "member_count",
            "logo",
            "is_verified",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, association) -> list[dict]:
        return _tags(association.category_tags)

    @extend_schema_field(TargetGroupSerializer(many=True))
    def get_target_groups(self, association) -> list[dict]:
        return _tags(association.target_group_tags)

    def get_page_url(self, association) -> str:
        request = self.context.get("request")
        url = self._page_urls(association.slug)
        return request.build_absolute_uri(url) if request else url

    @cached_property
    def _page_urls(self) -> Urls:
        """The association pages' addresses, reversed once for a list's rows."""
        return Urls("organizations:association_detail")


# The updated time as the serializer's field writes it (ISO 8601 in the current time zone).
_UPDATED_AT = serializers.DateTimeField()


def _rows(associations, request) -> list[dict]:
    """What AssociationSerializer gives for each association, written directly in its fields'
    order: DRF read the 28 fields one by one through their field objects, a third of the
    list's time. An unanswered address, e-mail or choice is null, as its field writes it."""
    page_url = Urls("organizations:association_detail")
    absolute = request.build_absolute_uri
    return [
        {
            "slug": association.slug,
            "name": association.name,
            "page_url": absolute(page_url(association.slug)),
            "business_id": association.business_id,
            "register_number": association.register_number,
            "domicile": association.domicile,
            "categories": _tags(association.category_tags),
            "target_groups": _tags(association.target_group_tags),
            "languages": list(association.languages),
            "purpose": association.purpose,
            "purpose_fi": association.purpose_fi,
            "purpose_sv": association.purpose_sv,
            "purpose_en": association.purpose_en,
            "activities": association.activities,
            "how_to_join": association.how_to_join,
            "accessibility": association.accessibility,
            "public_email": association.public_email or None,
            "public_phone": association.public_phone,
            "website": association.website or None,
            "facebook": association.facebook or None,
            "instagram": association.instagram or None,
            "other_social": association.other_social or None,
            "postal_address": association.postal_address,
            "founded_year": association.founded_year,
            "member_count": association.member_count or None,
            "logo": absolute(association.logo.url) if association.logo else None,
            "is_verified": association.is_verified,
            "updated_at": _UPDATED_AT.to_representation(association.updated_at),
        }
        for association in associations
    ]


@lru_cache(maxsize=8)
def _listed_with_tags(language: str):
    """The listed associations with their tags in `language`: the expressions take a large
    part of a page to put together, the same each time; the queryset is only ever cloned."""
    return AssociationViewSet.queryset.with_tags()


@extend_schema_view(
    list=extend_schema(
        summary="List the associations of the public register",
        description=(
            "Filter with `category`, `target_group` (slugs) and `language` (codes), each may "
            "be repeated; search with `q` (Finnish stemming, typos in names forgiven); sort "
            "with `sort`. An unknown filter value gives 400 with the reason."
        ),
    ),
    retrieve=extend_schema(summary="One association of the public register"),
)
class AssociationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssociationSerializer
    pagination_class = RegisterPagination
    filterset_class = AssociationFilter
    lookup_field = "slug"
    # The slugs the register makes (services.unique_slug); anything else is not an address.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    # The columns the fields show, not the contact person's, the search's or the history's.
    queryset = Association.objects.listed().only(
        *(name for name in AssociationSerializer.Meta.fields if name not in WORKED_OUT)
    )

    def get_queryset(self):
        # The names are in the request's language; a clone, so that no result is kept.
        return _listed_with_tags(get_language()).all()

    def list(self, request, *args, **kwargs):
        """The same page for everyone until the register changes, so it is cached whole.

        Keyed by the parameters exactly as sent: only an answered query is cached, so a value
        the filters would refuse never finds the page of a valid one.
        """
        params = request.query_params
        query = urlencode(sorted((key, value) for key in KEYS for value in params.getlist(key)))
        digest = hashlib.sha256(
            f"{request.scheme}://{request.get_host()}?{query}".encode()
        ).hexdigest()[:32]
        key = f"organizations:api-list:{register_version()}:{digest}"
        data = cache.get(key)
        if data is None:
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            data = self.get_paginated_response(_rows(page, request)).data
            cache.set(key, data, CACHE_SECONDS)
        return Response(data)
