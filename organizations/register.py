"""The public register page's data, computed only when a cached fragment has to be rebuilt.

The view builds a `RegisterPage` without touching the database; the template reads its
properties inside `{% cache %}`, so a cache hit costs no query at all. When the fragment has to
be rendered, the facet counts and the total come from one query that finds the matching
associations once, or, for the whole register, from the counts the database keeps
(`RegisterCount`; docs/performance.md).
"""

import hashlib
from functools import cached_property
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organizations.filters import AssociationFilter, Sort
from organizations.models import (
    ActivityLanguage,
    Association,
    RegisterCount,
    search_condition,
    search_shape,
    search_terms,
    search_texts,
    search_words,
)
from organizations.services import register_version
from portal.database import CompiledStatements
from portal.i18n import reading_sql

PAGE_SIZE = 25
# The matching associations are found once, then counted per category, target group and
# language and in total; a search is evaluated once here instead of once per count.
COUNTS_SQL = """
WITH matching AS MATERIALIZED ({matching})
SELECT 'total', '', COUNT(*) FROM matching
UNION ALL
SELECT 'category', link.category_id::text, COUNT(*)
FROM organizations_association_categories link JOIN matching ON matching.id = link.association_id
GROUP BY link.category_id
UNION ALL
SELECT 'target_group', link.targetgroup_id::text, COUNT(*)
FROM organizations_association_target_groups link
JOIN matching ON matching.id = link.association_id
GROUP BY link.targetgroup_id
UNION ALL
SELECT 'language', code, COUNT(DISTINCT matching.id)
FROM matching, unnest(matching.languages) AS code
GROUP BY code
"""
# What the triggers keep for the whole register (RegisterCount), and nothing, in the same shape.
KEPT_COUNTS_SQL = "SELECT facet, value, count FROM organizations_registercount"
NO_COUNTS_SQL = "SELECT NULL::text, NULL::text, NULL::bigint WHERE false"
# The counts joined to the facets' choices, so that the categories and target groups come in the
# same query with their names, in their order (the order field, then the shown name).
FACETS_SQL = """
WITH counted (facet, value, count) AS ({counts})
SELECT 'category', category.slug, {category_name}, COALESCE(counted.count, 0),
       category."order", {category_name}
FROM organizations_category category
LEFT JOIN counted ON counted.facet = 'category' AND counted.value = category.id::text
UNION ALL
SELECT 'target_group', target_group.slug, {group_name}, COALESCE(counted.count, 0),
       target_group."order", {group_name}
FROM organizations_targetgroup target_group
LEFT JOIN counted ON counted.facet = 'target_group' AND counted.value = target_group.id::text
UNION ALL
SELECT counted.facet, counted.value, '', counted.count, 0, ''
FROM counted WHERE counted.facet NOT IN ('category', 'target_group')
ORDER BY 1, 5, 6
"""


# With a search, the matching associations' ids too, as one array's text: the page's rows are
# then read by id without evaluating the search a second time, and hundreds of ids pass back
# as one text rather than as rows read and numbers written one by one.
MATCHING_IDS_SQL = """
UNION ALL
SELECT 'ids', COALESCE(array_agg(matching.id), '{{}}')::text, 0 FROM matching
"""
CACHE_SECONDS = 300
FACET_KEYS = ("q", "category", "language", "target_group")
FILTER_KEYS = (*FACET_KEYS, "sort")


def normalised_query(data, keys=(*FILTER_KEYS, "page")) -> list[tuple[str, str]]:
    """The known parameters only, trimmed, without empties and in a fixed order."""
    pairs = []
    for key in keys:
        values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key, "")]
        cleaned = sorted({" ".join(value.split()) for value in values} - {""})
        pairs += [(key, value) for value in cleaned]
    return pairs


def is_whole_register(filter_query: list[tuple[str, str]]) -> bool:
    """Whether a normalised query lists every listed association (sorted as it may be)."""
    return not any(key in FACET_KEYS for key, _value in filter_query)


class CachedCountPaginator(Paginator):
    """Counting 10,000 rows is the costliest query of a page; the count is cached per filter,
    and the whole register's is kept by the database (`RegisterCount`)."""

    def __init__(self, object_list, per_page, *, count_key: str, whole_register: bool = False):
        super().__init__(object_list, per_page)
        self.count_key = count_key
        self.whole_register = whole_register

    @cached_property
    def count(self) -> int:
        if self.whole_register:
            return RegisterCount.listed_total()
        count = cache.get(self.count_key)
        if count is None:
            count = self.object_list.order_by().count()  # type: ignore[attr-defined]
            cache.set(self.count_key, count, CACHE_SECONDS)
        return count


# The register's row queries of the last few hundred filter combinations and pages, compiled.
ROWS = CompiledStatements(size=500)
# The matching associations of the last few hundred combinations of filters and shapes of a
# search, compiled, for the counts' query.
MATCHING = CompiledStatements(size=500)


class RegisterPage:
    def __init__(self, data):
        self.data = data
        self.query = normalised_query(data)
        self.filter_query = normalised_query(data, FILTER_KEYS)
        self.version = register_version()
        digest = hashlib.sha256(urlencode(self.query).encode()).hexdigest()[:32]
        self.cache_key = f"{self.version}:{digest}"
        self.timeout = CACHE_SECONDS

    @cached_property
    def filterset(self) -> AssociationFilter:
        return AssociationFilter(self.data, queryset=Association.objects.listed())

    @cached_property
    def form(self):
        return self.filterset.form

    @cached_property
    def filtered(self):
        return self.filterset.qs

    @cached_property
    def rows(self):
        """The matching associations in the chosen order; found by id when searching."""
        if not self.searching:
            return self.filtered
        phrase = " ".join(self.words)
        return self._found(self.matching_ids, phrase, f"{phrase} ry", self.words)

    def _found(self, ids: str, phrase: str, name: str, words):
        """The associations of `ids` (an array's text), ranked by the search (ranked_by) in the
        chosen order."""
        # One array parameter, as the counts' query wrote it: a list of hundreds of ids costs
        # more to quote than to find.
        found = RawSQL(
            '"organizations_association"."id" = ANY(%s::bigint[])',
            (ids,),
            output_field=BooleanField(),
        )
        ranked = Association.objects.filter(found).ranked_by(list(words), phrase, name)
        return self.filterset.order(ranked)

    @cached_property
    def searching(self) -> bool:
        return self.filterset.searching()

    @cached_property
    def words(self) -> list[str]:
        """The searched words (search_words), none when not searching."""
        return search_words(self.form.cleaned_data["q"]) if self.searching else []

    @cached_property
    def _other_filters(self) -> tuple:
        """The valid values of every filter but the search: with the shape of the search's
        words (search_shape), what the page's SQL depends on."""
        return tuple(item for item in self.filterset.values_key() if item[0] != "q")

    def _matching(self) -> tuple[str, tuple] | None:
        """The SQL and parameters of the matching associations' ids and languages; None when
        nothing can match. Compiled once per combination of the other filters' values and
        shape of the search (MATCHING), the searched texts put in place: putting a search's
        union of lookups together took a tenth of the page."""
        if self.searching and not self.words:
            return None  # a search with no searchable word
        terms = search_terms(self.words)
        shape = search_shape(terms)

        def matching(*texts):
            others = self.data.copy()
            others.pop("q", None)
            filtered = AssociationFilter(others, queryset=Association.objects.listed()).qs
            found = filtered.filter(search_condition(shape, texts)) if shape else filtered
            return found.order_by().values("id", "languages")

        return MATCHING.get((self._other_filters, shape), matching, *search_texts(terms))

    @cached_property
    def query_without_page(self) -> str:
        return urlencode(self.filter_query) + "&" if self.filter_query else ""

    @cached_property
    def _page_and_message(self):
        # Pages of the list's positions, counted with the facets (no COUNT query of its own);
        # `associations` reads the rows of the page's positions.
        paginator = Paginator(range(self.counts["total"][""]), PAGE_SIZE)
        raw = self.data.get("page", "1") or "1"
        try:
            number = int(raw)
        except ValueError:
            message = _("“%(page)s” is not a page number; showing the first page.")
            return paginator.page(1), message % {"page": raw[:20]}
        if number < 1:
            return paginator.page(1), _("There is no page %(page)s; showing the first page.") % {
                "page": number
            }
        if number > paginator.num_pages:
            return paginator.page(paginator.num_pages), _(
                "There is no page %(page)s; showing the last page."
            ) % {"page": number}
        return paginator.page(number), ""

    @property
    def page_obj(self):
        return self._page_and_message[0]

    @cached_property
    def associations(self):
        """The page's rows, their compiled query kept per filter values and page (ROWS), or
        when searching per the other filters' values, number of words and page, with the
        matching ids and the words put in place: putting it together took a quarter of the
        page."""
        shown = self.page_obj.object_list
        if not self.searching:
            return ROWS.instances(
                (get_language(), self.filterset.values_key(), shown.start, shown.stop),
                lambda: self.rows.with_list_data()[shown.start : shown.stop],
                Association,
            )
        if not self.words:
            return []  # a search with no searchable word
        phrase = " ".join(self.words)
        return ROWS.instances(
            ("search", get_language(), self._other_filters, shown.start, shown.stop),
            lambda *values: self._found(*values).with_list_data()[shown.start : shown.stop],
            Association,
            self.matching_ids,
            phrase,
            f"{phrase} ry",
            tuple(self.words),
        )

    @cached_property
    def problems(self) -> list[str]:
        """What was wrong in the address, in words; the faulty parts are ignored."""
        problems = []
        errors = self.filterset.errors
        for name in ("category", "target_group", "language"):
            if name in errors:
                label = self.form.fields[name].label
                problems.append(_("Unknown choice for “%(facet)s” was ignored.") % {"facet": label})
        if "sort" in errors:
            problems.append(_("Unknown sort order was ignored; sorted by name."))
        if "q" in errors:
            problems.append(_("The search text is too long; it was ignored."))
        message = self._page_and_message[1]
        if message:
            problems.append(message)
        return problems

    def _selected(self, name: str) -> set[str]:
        return set(self.data.getlist(name)) if hasattr(self.data, "getlist") else set()

    @cached_property
    def _facet_rows(self) -> list[tuple[str, str, str, int]]:
        """(facet, value, label, count): every category and target group with its name in the
        reader's language and the number of matching associations, then the total, the
        languages' counts and, when searching, the matching ids; in one query."""
        if is_whole_register(self.filter_query):
            # The whole register: counted by the database's triggers as it changes.
            counts, params = KEPT_COUNTS_SQL, ()
        else:
            statement = self._matching()
            if statement is None:
                # A search with no searchable word matches nothing: nothing to count.
                counts, params = NO_COUNTS_SQL, ()
            else:
                matching, params = statement
                sql = COUNTS_SQL + MATCHING_IDS_SQL if self.searching else COUNTS_SQL
                counts = sql.format(matching=matching)
        with connection.cursor() as cursor:
            cursor.execute(
                FACETS_SQL.format(
                    counts=counts,
                    category_name=reading_sql("category", "name"),
                    group_name=reading_sql("target_group", "name"),
                ),
                params,
            )
            return [row[:4] for row in cursor.fetchall()]

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        """{"total": {"": n}, "category": {slug: n}, "target_group": {slug: n},
        "language": {code: n}} for the matching associations."""
        counts: dict[str, dict[str, int]] = {
            "total": {"": 0},
            "category": {},
            "target_group": {},
            "language": {},
        }
        for facet, value, _label, number in self._facet_rows:
            if facet in counts:
                counts[facet][value] = number
        return counts

    @cached_property
    def matching_ids(self) -> str:
        """When searching, the matching associations' ids: the text of an array of them."""
        return next((value for facet, value, *_rest in self._facet_rows if facet == "ids"), "{}")

    @cached_property
    def facets(self) -> list[dict]:
        """The checkbox lists with the number of matching associations beside each choice."""
        language_counts = self.counts["language"]

        def facet(name, label, choices):
            selected = self._selected(name)
            return {
                "name": name,
                "label": label,
                "choices": [
                    {
                        "value": value,
                        "label": text,
                        "count": count,
                        "checked": value in selected,
                        "id": f"id_{name}_{index}",
                    }
                    for index, (value, text, count) in enumerate(choices)
                    if count or value in selected
                ],
            }

        def named(kind):
            return [
                (value, label, n) for facet, value, label, n in self._facet_rows if facet == kind
            ]

        return [
            facet("category", _("Category"), named("category")),
            facet("target_group", _("Target group"), named("target_group")),
            facet(
                "language",
                _("Language of activity"),
                [(v, label, language_counts.get(v, 0)) for v, label in ActivityLanguage.choices],
            ),
        ]

    @cached_property
    def sort_choices(self):
        current = self.data.get("sort") or (Sort.RELEVANCE if self.searching else Sort.NAME)
        return [
            {"value": value, "label": label, "selected": value == current}
            for value, label in Sort.CHOICES
        ]

    @cached_property
    def q(self) -> str:
        return " ".join(str(self.data.get("q", "")).split())[:200]
