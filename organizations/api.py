"""The open, read-only API of the public register: public fields only."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from organizations.filters import AssociationFilter
from organizations.models import Association, Category, TargetGroup


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["slug", "name"]


class AssociationSerializer(serializers.ModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)
    target_groups = TargetGroupSerializer(many=True, read_only=True)
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

    def get_page_url(self, association) -> str:
        request = self.context.get("request")
        url = association.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


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
    filterset_class = AssociationFilter
    lookup_field = "slug"
    queryset = Association.objects.listed().prefetch_related(
        Prefetch("categories", queryset=Category.objects.all()),
        Prefetch("target_groups", queryset=TargetGroup.objects.all()),
    )
