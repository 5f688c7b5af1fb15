"""Register pages under load: the list, searches, one association and the open API; and the
signed-in start pages of a representative and of the liaison officer, who has requests to
represent an association waiting."""

from bench import Scenario

ASSOCIATIONS = 10_000
# Requests to represent an association waiting for the liaison officer.
PENDING_REQUESTS = 50
REPRESENTED = 3
OFFICER = "bench-liaison@example.invalid"
REPRESENTATIVE = "bench-representative@example.invalid"


def _users() -> None:
    """The liaison officer (with a second factor), a representative, and pending requests."""
    from allauth.mfa.models import Authenticator

    from organizations.models import Association, Membership
    from portal.models import RoleGrant, User

    officer, _created = User.objects.get_or_create(email=OFFICER, defaults={"first_name": "Bench"})
    RoleGrant.objects.get_or_create(user=officer, role=RoleGrant.Role.LIAISON_OFFICER)
    Authenticator.objects.get_or_create(
        user=officer, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH"}}
    )
    listed = Association.objects.listed().order_by("pk")
    associations = list(listed[: REPRESENTED + PENDING_REQUESTS])
    representative, _created = User.objects.get_or_create(
        email=REPRESENTATIVE, defaults={"first_name": "Bench"}
    )
    for association in associations[:REPRESENTED]:
        Membership.objects.get_or_create(
            user=representative,
            association=association,
            defaults={"role": Membership.Role.CHAIR, "status": Membership.Status.APPROVED},
        )
    for number, association in enumerate(associations[REPRESENTED:]):
        user, _created = User.objects.get_or_create(email=f"bench-asker-{number}@example.invalid")
        Membership.objects.get_or_create(
            user=user,
            association=association,
            defaults={"role": Membership.Role.CONTACT, "status": Membership.Status.PENDING},
        )


def prepare(*, stdout) -> list[Scenario]:
    from organizations.management.commands.seed_bench import top_up_associations
    from organizations.models import Association

    top_up_associations(ASSOCIATIONS, stdout=stdout)
    _users()
    slug = Association.objects.listed().order_by("name").values_list("slug", flat=True).first()
    return [
        # The info hub gathers a section of every app; residents land here first.
        Scenario("info hub (home page)", "/"),
        Scenario("register list", "/yhdistykset/"),
        Scenario("register search", "/yhdistykset/?q=urheiluseura"),
        Scenario("register search (plural)", "/yhdistykset/?q=urheiluseurat"),
        Scenario("association page", f"/yhdistykset/{slug}/"),
        Scenario("open API list", "/api/v1/associations/"),
        # Signed-in pages are never cached: one target whatever the cache.
        Scenario(
            "representative's dashboard",
            "/oma/",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=REPRESENTATIVE,
        ),
        Scenario(
            "liaison officer's dashboard",
            "/oma/",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=OFFICER,
        ),
    ]
