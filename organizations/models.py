import inspect
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import models
from django.db.models import Case, Exists, F, FloatField, Func, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, JSONObject, Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.validators import validate_business_id, validate_register_number
from portal.i18n import shown_name

SEARCH_CONFIG = "finnish"
# Words of a search that say nothing about an association (it is one) and are left out.
SEARCH_NOISE = {"ry", "rf", "r", "y", "ja", "och", "i", "sekä"}
# Compound heads meaning "association": "kyläyhdistykset" is about villages.
GENERIC_HEADS = ("seur", "yhdisty", "kerh", "jarjest", "klub", "forening")
# Plural and case endings replaced before a word is looked for inside longer words.
ENDINGS = (
    ("kset", "s"),
    ("iset", "i"),
    ("ssa", ""),
    ("sta", ""),
    ("lla", ""),
    ("lta", ""),
    ("lle", ""),
    ("t", ""),
    ("n", ""),
)
TYPO_MIN_LENGTH = 5
# search_text is "name, business ID, categories, target groups | purpose, activities"; these
# patterns take a word core and are answered by the trigram index.
NAME_PART = r"^[^|]*%s"  # anywhere in a word of the name part: "kuor" in "mieskuoro"
NAME_WORD_START = r"^[^|]*\m%s"  # at the start of a word of the name part
WORD_START = r"\m%s"  # at the start of any word: "uint" in "uintiharjoitukset"
COMPOUND_HEAD = r"[a-z]{3}%s"  # the last part of a compound anywhere: "laul" in "kuorolaulua"


def unaccented(text: str) -> str:
    """Lower case without diacritics, as PostgreSQL's unaccent(): "Eläkeläiset" → "elakelaiset"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_words(text: str) -> list[str]:
    """The words of a search, unaccented; a business ID "1234567-1" keeps its first part."""
    words = re.findall(r"[a-z0-9]+", unaccented(text))
    return [word for word in words if len(word) > 1 and word not in SEARCH_NOISE][:10]


def word_core(word: str) -> str:
    """The word without its plural or case ending and final vowel: "kuorot" → "kuor".

    Looked for inside the names, categories and target groups, so that one part of a compound
    ("kuoro" in "Mieskuoro", "laulu" in "Laulajat") is found.
    """
    if word.isdigit():
        return word
    core = word
    for ending, replacement in ENDINGS:
        if core.endswith(ending) and len(core) - len(ending) + len(replacement) >= 4:
            core = core[: -len(ending)] + replacement
            break
    if len(core) > 4 and core[-1] in "aeiouy":
        core = core[:-1]
    return core


def without_generic_head(word: str) -> str:
    """The first part of a compound ending in a word for association, or ""."""
    core = word_core(word)
    for head in GENERIC_HEADS:
        at = core.rfind(head)
        if at >= 4 and len(core) - at - len(head) <= 2:
            return word[:at]
    return ""


def is_generic(word: str) -> bool:
    """Whether the word is one for association ("seura", "yhdistykset")."""
    core = word_core(word)
    return any(core.startswith(head) and len(core) - len(head) <= 2 for head in GENERIC_HEADS)


def _stem(word: str) -> Q:
    return Q(search_vector=SearchQuery(word, config=SEARCH_CONFIG, search_type="plain"))


# The ways a word may match (search_terms), each a lookup of the texts it is given. Each text
# reaches the SQL as it is, so that a search's statement can be kept with stand-ins for them
# (organizations.register): the contained text as an expression, which Django does not wrap.
WAYS: dict[str, Callable[..., Q]] = {
    "stem": _stem,
    "pattern": lambda pattern: Q(search_text__regex=pattern),
    # The plain text narrows what the index finds before the slower patterns are tried.
    "part": lambda core, patterns: Q(
        search_text__contains=Value(core), search_text__regex=patterns
    ),
    "typo": lambda word: Q(name__trigram_word_similar=word),
}
# How many texts each way looks for.
WAY_TEXTS = {way: len(inspect.signature(lookup).parameters) for way, lookup in WAYS.items()}


def search_terms(words: list[str]) -> list[list[tuple[str, tuple[str, ...]]]]:
    """For each word of a search, the ways it may match (WAYS) with the texts each looks for.

    The SQL of a search depends on its ways alone (search_shape), the texts are its parameters
    (search_texts)."""
    terms = []
    for word in words:
        ways: list[tuple[str, tuple[str, ...]]] = [("stem", (word,))]
        core = word_core(word)
        if len(core) >= 3:
            # Shorter text has no trigram for the index to look up.
            patterns = [NAME_PART]
            if not is_generic(word):
                # Not for "seura", or it would find every "seurakuntatalolla".
                patterns.append(WORD_START)
            if len(core) >= 4:
                patterns.append(COMPOUND_HEAD)
            # The core's patterns as one: each row that holds the core is read and matched
            # once, not once a pattern (3.2 ms against 1.4 for "urheiluseura" at 11,000 rows).
            ways.append(("part", (core, "|".join(pattern % core for pattern in patterns))))
        if len(word) >= TYPO_MIN_LENGTH:
            ways.append(("typo", (word,)))
        modifier = without_generic_head(word)
        if modifier and (len(words) == 1 or word.endswith("t")):
            # "urheiluseurat" means sports associations, whatever their name; a singular
            # among other words is more likely part of one association's name.
            ways.append(("pattern", (NAME_WORD_START % word_core(modifier),)))
            ways.append(("stem", (modifier,)))
        terms.append(ways)
    return terms


def search_shape(terms) -> tuple[tuple[str, ...], ...]:
    """The ways of each word of search_terms: what the search's SQL depends on."""
    return tuple(tuple(way for way, _texts in ways) for ways in terms)


def search_texts(terms) -> tuple[str, ...]:
    """The texts of search_terms in order: the search's parameters."""
    return tuple(text for ways in terms for _way, texts in ways for text in texts)


def search_match(words: list[str]) -> Q:
    """Listed associations matching every word of a search (AssociationQuerySet.search)."""
    terms = search_terms(words)
    return search_condition(search_shape(terms), search_texts(terms))


def search_condition(shape: tuple[tuple[str, ...], ...], texts) -> Q:
    """search_match of the words whose ways are `shape`, looking for `texts` (search_terms)."""
    # Only listed associations, as the register shows: besides, with a column outside the name
    # index, the planner finds typos through the trigram index instead of testing the
    # similarity of every name in the name index (3 ms instead of 37 at 10,000 names).
    ids = Association.objects.filter(is_listed=True).order_by().values("pk")
    given = iter(texts)
    condition = Q()
    for ways in shape:
        matches = [WAYS[way](*(next(given) for _ in range(WAY_TEXTS[way]))) for way in ways]
        # A union of one indexed lookup each: with OR the planner reads every row instead.
        first, *others = [ids.filter(match) for match in matches]
        condition &= Q(pk__in=first.union(*others) if others else first)
    return condition


def _linked(field, value: Callable[[str, Coalesce], Any]) -> ArraySubquery:
    """For each association, `value(target, name)` of each category or target group linked by
    the many-to-many `field`, in their own order. `name` is read as modeltranslation reads a
    name: the reader's language, then the fallbacks. Through the link table, whose plain
    manager leaves the expressions as they are."""
    through = field.remote_field.through
    target = field.m2m_reverse_field_name()
    name = shown_name(f"{target}__")
    return ArraySubquery(
        through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")})
        .order_by(f"{target}__order", name)
        .values_list(value(target, name))
    )


def _names_of(field) -> ArraySubquery:
    return _linked(field, lambda target, name: name)


@lru_cache(maxsize=16)
def _category_names(language: str | None) -> ArraySubquery:
    """_names_of the categories in `language`, put together once: a query that uses an
    expression resolves a copy of it, so the same one serves every request."""
    return _names_of(Association._meta.get_field("categories"))


def _tags_of(field) -> ArraySubquery:
    return _linked(field, lambda target, name: JSONObject(slug=f"{target}__slug", name=name))


class Category(models.Model):
    """A field of activity used to group associations (sports, culture, youth, …)."""

    slug = models.SlugField(_("identifier"), unique=True, max_length=50)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """A group of people an association's activity is meant for (children, seniors, …)."""

    slug = models.SlugField(_("identifier"), unique=True, max_length=50)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    SAMI = "se", _("Sámi")
    RUSSIAN = "ru", _("Russian")
    ESTONIAN = "et", _("Estonian")
    ARABIC = "ar", _("Arabic")
    SOMALI = "so", _("Somali")
    UKRAINIAN = "uk", _("Ukrainian")
    SIGN_LANGUAGE = "fse", _("Finnish Sign Language")


# The fields a row of the public register shows; see AssociationQuerySet.with_list_data.
LIST_FIELDS = ("pk", "name", "slug", "domicile", "purpose", "is_verified", "created_at")


class AssociationQuerySet(models.QuerySet):
    def listed(self):
        """Associations shown in the public register."""
        return self.filter(is_listed=True)

    def with_tag_names(self):
        """`category_names` and `target_group_names`: lists of names in the reader's language
        and in their own order, read with the association instead of in two more queries."""
        return self.annotate(
            category_names=_names_of(Association._meta.get_field("categories")),
            target_group_names=_names_of(Association._meta.get_field("target_groups")),
        )

    def with_tags(self):
        """`category_tags` and `target_group_tags`: lists of {"slug", "name"} as with_tag_names
        has the names, for the open API."""
        return self.annotate(
            category_tags=_tags_of(Association._meta.get_field("categories")),
            target_group_tags=_tags_of(Association._meta.get_field("target_groups")),
        )

    def visible_to(self, user):
        """The listed ones, plus those the user represents or has asked to; the officer sees all."""
        from portal import roles

        if roles.is_liaison_officer(user):
            return self.all()
        if not user.is_authenticated:
            return self.listed()
        open_membership = Membership.objects.filter(
            association=OuterRef("pk"),
            user=user,
            status__in=[Membership.Status.PENDING, Membership.Status.APPROVED],
        )
        return self.filter(Q(is_listed=True) | Exists(open_membership))

    def search(self, text: str):
        """Search as residents type: plurals, compound parts, categories, typos, business IDs.

        Every word must match one of: its Finnish stem (full-text, weighted A name, B purpose
        and activities, C categories and target groups); its core anywhere in the name,
        categories, target groups or business ID ("kuoro" finds "Mieskuoro"); its core at the
        start of any word ("uinti" finds "uintiharjoitukset") or as the last part of a compound
        ("laulu" finds "kuorolaulua"); or a name word with a typo. "urheiluseurat" also matches
        its first part, so it finds every sports association. Both sides are unaccented, so
        "elakelaiset" finds "Eläkeläiset". Exact names come first, then names starting with the
        text, then the rest by full-text rank.
        """
        words = search_words(text)
        if not words:
            return self.none()
        return self.filter(search_match(words)).ranked(text)

    def ranked(self, text: str):
        """The associations by how well they match the search `text`, best first (see search)."""
        words = search_words(text)
        if not words:
            return self.none()
        phrase = " ".join(words)
        return self.ranked_by(words, phrase, f"{phrase} ry")

    def ranked_by(self, words, phrase: str, name: str):
        """ranked() by the search's words, their phrase and the phrase as a name ("… ry"), each
        reaching the SQL as it is given: the statement can be kept with stand-ins for them."""
        combined = SearchQuery(words[0], config=SEARCH_CONFIG, search_type="plain")
        for word in words[1:]:
            combined &= SearchQuery(word, config=SEARCH_CONFIG, search_type="plain")
        name_bonus = Case(
            # search_text holds the name unaccented: a row without the phrase there has no
            # bonus, and the unaccented name is compared only for the rows that do.
            When(~Q(search_text__contains=Value(phrase)), then=Value(0.0)),
            When(Q(name_key=phrase) | Q(name_key=name), then=Value(4.0)),
            When(name_key__startswith=Value(phrase), then=Value(2.0)),
            When(name_key__contains=Value(phrase), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        return (
            # The searched words are unaccented and in lower case already (search_words), so
            # only the name goes through unaccent(): run on the words too, once a row, it took
            # a sixth of the ranked rows' query (1 ms of 6 at 1,500 matches).
            self.alias(name_key=Lower(Func(F("name"), function="UNACCENT")))
            .annotate(rank=name_bonus + SearchRank(F("search_vector"), combined))
            .order_by("-rank", "name", "pk")
        )

    def with_list_data(self):
        """Everything a row of the public register shows, in one query: the fields of
        LIST_FIELDS and `category_names` in the reader's language.

        The rows (organizations_tags.register_rows) read only these; reading any other field
        would cost a query per row.
        """
        return self.only(*LIST_FIELDS).annotate(category_names=_category_names(get_language()))


class HistoricalPurposeTexts(models.Model):
    """The purpose in each language, kept in every saved version of an association.

    django-modeltranslation adds purpose_fi/_sv/_en to Association after simple_history has
    built the history model, so the history model gets them from this base instead.
    """

    purpose_fi = models.TextField(_("purpose in Finnish"), max_length=2000, blank=True, null=True)
    purpose_sv = models.TextField(_("purpose in Swedish"), max_length=2000, blank=True, null=True)
    purpose_en = models.TextField(_("purpose in English"), max_length=2000, blank=True, null=True)

    class Meta:
        abstract = True


class Association(models.Model):
    """A registered association (yhdistys, seura) active in the municipality."""

    class MemberCount(models.TextChoices):
        UNDER_20 = "0-19", _("under 20")
        UNDER_50 = "20-49", _("20–49")
        UNDER_100 = "50-99", _("50–99")
        UNDER_500 = "100-499", _("100–499")
        OVER_500 = "500-", _("500 or more")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), unique=True, max_length=220)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("For example 1234567-1."),
    )
    register_number = models.CharField(
        _("association register number"),
        max_length=12,
        blank=True,
        validators=[validate_register_number],
        help_text=_("The number in the national register of associations, e.g. 123.456."),
    )
    domicile = models.CharField(_("domicile"), max_length=100, blank=True)
    categories = models.ManyToManyField(
        Category, related_name="associations", blank=True, verbose_name=_("categories")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="associations", blank=True, verbose_name=_("target groups")
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=ActivityLanguage.choices),
        default=list,
        blank=True,
        verbose_name=_("languages of activity"),
    )
    # The texts are read on a phone; the limits also keep a page's cached fragments small.
    # In Finnish, Swedish and English (organizations/translation.py): `purpose` reads the
    # reader's language and falls back to Finnish; services write purpose_fi/_sv/_en.
    purpose = models.TextField(_("purpose"), max_length=2000, blank=True)
    activities = models.TextField(_("activities"), max_length=4000, blank=True)
    how_to_join = models.TextField(_("how to join"), max_length=2000, blank=True)
    accessibility = models.TextField(
        _("accessibility of the activities"),
        max_length=2000,
        blank=True,
        help_text=_("Step-free access, induction loop, activities for people with disabilities…"),
    )
    public_email = models.EmailField(_("public e-mail"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    other_social = models.URLField(_("other social media"), blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    # Private contact: seen by the association's representatives and the municipality only.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact person's e-mail"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    member_count = models.CharField(
        _("number of members"), max_length=10, choices=MemberCount.choices, blank=True
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    is_listed = models.BooleanField(
        _("shown in the public register"),
        default=True,
        help_text=_("An association waiting for approval is not shown."),
    )
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept up to date by services.refresh_search_vector after every change of the texts.
    search_vector = SearchVectorField(null=True, editable=False)
    # Unaccented lower-case name, business ID (with and without the hyphen), categories and
    # target groups in every language, then "|" and the purpose and activities: searched for
    # parts of compound words with a trigram index.
    search_text = models.TextField(editable=False, blank=True, default="")
    history = HistoricalRecords(
        verbose_name=_("association history"),
        excluded_fields=["search_vector", "search_text", "updated_at"],
        bases=[HistoricalPurposeTexts],
    )

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="association_search_idx"),
            GinIndex(fields=["name"], name="association_name_trgm_idx", opclasses=["gin_trgm_ops"]),
            GinIndex(
                fields=["search_text"],
                name="association_search_text_idx",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(fields=["languages"], name="association_languages_idx"),
            # The register's default order and its "newest first" order.
            models.Index(fields=["name", "id"], name="association_name_order_idx"),
            models.Index(fields=["-created_at", "id"], name="association_newest_idx"),
            # The listed associations' count and facet counts read this index only, not the
            # wide rows: ids with their languages.
            models.Index(
                fields=["id"],
                include=["languages"],
                condition=Q(is_listed=True),
                name="association_listed_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~Q(business_id=""),
                name="unique_business_id",
                violation_error_message=_("An association with this business ID is registered."),
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1800),
                name="founded_year_plausible",
                violation_error_message=_("The founding year must be 1800 or later."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:association_detail", kwargs={"slug": self.slug})

    @property
    def purpose_language(self) -> str:
        """The language of the purpose text a reader sees now: theirs, or the fallback's."""
        current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        for code in (current, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
            if getattr(self, f"purpose_{code}", None):
                return code
        return current


class RegisterCount(models.Model):
    """How many listed associations the whole register has in all, per category, per target
    group and per language of activity: the register page's counts when nothing is filtered.

    Kept by triggers in the database (migration 0010) in the same transaction as the change,
    so that the counts are never stale and never cost a scan of the register. Only the
    triggers write here."""

    class Facet(models.TextChoices):
        TOTAL = "total", _("total")
        CATEGORY = "category", _("category")
        TARGET_GROUP = "target_group", _("target group")
        LANGUAGE = "language", _("language of activity")

    facet = models.CharField(max_length=20, choices=Facet.choices)
    # The category's or target group's id, the language code, or "" for the total.
    value = models.CharField(max_length=20, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "value"], name="register_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.facet} {self.value}: {self.count}"

    @classmethod
    def listed_total(cls) -> int:
        """How many associations the register lists, without counting them."""
        total = cls.objects.filter(facet=cls.Facet.TOTAL, value="")
        return total.values_list("count", flat=True).first() or 0


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Membership.Status.APPROVED)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)


class Membership(models.Model):
    """A user's right to act for an association, asked for by the user, decided by the officer."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        TREASURER = "treasurer", _("Treasurer")
        CONTACT = "contact", _("Contact person")
        BOARD_MEMBER = "board_member", _("Board member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ENDED = "ended", _("Ended")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("association"),
    )
    role = models.CharField(_("role in the association"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("message to the liaison officer"), max_length=2000, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_open_membership_per_association",
                violation_error_message=_(
                    "You already represent this association or have asked to."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.association} ({self.get_role_display()})"
