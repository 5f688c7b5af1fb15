"""Register pages under load: the list, a search, one association and the open API."""

from bench import Scenario

ASSOCIATIONS = 10_000


def prepare(*, stdout) -> list[Scenario]:
    from organizations.management.commands.seed_bench import top_up_associations
    from organizations.models import Association

    top_up_associations(ASSOCIATIONS, stdout=stdout)
    slug = Association.objects.listed().order_by("name").values_list("slug", flat=True).first()
    return [
        Scenario("register list", "/yhdistykset/"),
        Scenario("register search", "/yhdistykset/?q=urheiluseura"),
        Scenario("association page", f"/yhdistykset/{slug}/"),
        Scenario("open API list", "/api/v1/associations/"),
    ]
