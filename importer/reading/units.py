"""Matching unit names as a document writes them ("Trung tâm TGPL", "Phòng HCTP&BTTP", "UBND tỉnh")
against a province's unit tree and aliases, ignoring diacritics, case, punctuation and abbreviations.
"""
import re

from importer.reading.patterns import key
from plans.models import Unit
from plans.reform import successor_on

# General abbreviations of Vietnamese public administration (folded). Every token is all consonants,
# so none of them is a Vietnamese word.
ABBREVIATIONS = {
    "tgpl": "tro giup phap ly",
    "tgplnn": "tro giup phap ly nha nuoc",
    "ttgpl": "trung tam tro giup phap ly",
    "ttgplnn": "trung tam tro giup phap ly nha nuoc",
    "tt": "trung tam",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "stp": "so tu phap",
    "btp": "bo tu phap",
    "hctp": "hanh chinh tu phap",
    "bttp": "bo tro tu phap",
    "hc": "hanh chinh",
    "th": "tong hop",
    "vp": "van phong",
    "nv": "nghiep vu",
    "cn": "chi nhanh",
    "tand": "toa an nhan dan",
    "vksnd": "vien kiem sat nhan dan",
    "vks": "vien kiem sat",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "ldtb": "lao dong thuong binh",
    "xh": "xa hoi",
    "mttq": "mat tran to quoc",
    "dtts": "dan toc thieu so",
    "mn": "mien nui",
    "gd": "giam doc",
    "pgd": "pho giam doc",
    "bcd": "ban chi dao",
    "bch": "ban chi huy",
    "bdbp": "bo doi bien phong",
    "tw": "trung uong",
    "pbgdpl": "pho bien giao duc phap luat",
    "pbpl": "pho bien phap luat",
    "vb": "van ban",
    "pb": "pho bien",
    "tdthpl": "theo doi thi hanh phap luat",
    "ttr": "thanh tra",
    "kbnn": "kho bac nha nuoc",
    "stc": "so tai chinh",
    "skhdt": "so ke hoach va dau tu",
    "khdt": "ke hoach va dau tu",
    "lhpn": "lien hiep phu nu",
    "hlhpn": "hoi lien hiep phu nu",
    "ccb": "cuu chien binh",
    "tncs": "thanh nien cong san",
    "dlv": "doan luat su",
    "dls": "doan luat su",
    "tp": "thanh pho",
}
_PLURAL = re.compile(r"^(?:cac|nhung|toan bo|tat ca(?: cac)?) ")
_FILLERS = re.compile(r"\b(?:nha nuoc|cua trung tam|thuoc so(?: tu phap)?|co lien quan|lien quan)\b")


def expand(text):
    """Folded words of a unit name with its abbreviations written out and "&" read as "và"."""
    folded = key(text).replace("&", " va ").replace("/", " ")
    words = []
    for word in folded.split():
        words.append(ABBREVIATIONS.get(word, word))
    return " ".join(" ".join(words).split())


def _keys(name, province_words):
    """The match keys of a name, strictest first."""
    full = expand(name)
    keys = [full]
    bare = _PLURAL.sub("", full)
    keys.append(bare)
    for words in province_words:
        for suffix in (f" tinh {words}", f" {words}"):
            if bare.endswith(suffix) and len(bare) > len(suffix) + 3:
                keys.append(bare[: -len(suffix)].strip())
    return list(dict.fromkeys(k for k in keys if k))


class UnitIndex:
    """A province's units with every key their names, short names and aliases give."""

    def __init__(self, province):
        self.province = province
        # The province's units and those of provinces merged into it, each with its former names.
        self.units = {u.pk: u for u in Unit.objects.known_in(province)}
        self.province_words = [expand(province.name)] if province is not None else []
        self.exact = {}
        self.loose = {}
        for unit in self.units.values():
            # A unit of a province merged into this one answers only to names no unit of this one has.
            inherited = unit.province_id != province.pk
            for name in unit.all_names():
                for index, name_key in enumerate(_keys(name, self.province_words)):
                    table = self.exact if index == 0 else self.loose
                    if not (inherited and name_key in table):
                        table.setdefault(name_key, set()).add(unit.pk)
                    stripped = " ".join(_FILLERS.sub(" ", name_key).split())
                    if not (inherited and stripped in self.loose):
                        self.loose.setdefault(stripped, set()).add(unit.pk)

    def match(self, name):
        """The one unit `name` means, or None when no unit (or more than one) fits."""
        keys = _keys(name, self.province_words)
        for table in (self.exact, self.loose):
            for name_key in keys:
                pks = table.get(name_key)
                if pks and len(pks) == 1:
                    return self.units[next(iter(pks))]
        for name_key in keys:
            stripped = " ".join(_FILLERS.sub(" ", name_key).split())
            pks = self.loose.get(stripped)
            if pks and len(pks) == 1:
                return self.units[next(iter(pks))]
        return self._contained(keys[-1])

    def _contained(self, name_key):
        """A unit whose key holds every word of the name (or the reverse), when only one does."""
        words = set(name_key.split())
        if len(words) < 3:
            return None
        found = set()
        for other, pks in list(self.exact.items()) + list(self.loose.items()):
            other_words = set(other.split())
            if len(other_words) < 3:
                continue
            small, large = sorted((words, other_words), key=len)
            if small <= large and len(small) >= 0.75 * len(large):
                found |= pks
        return self.units[next(iter(found))] if len(found) == 1 else None

    def group(self, name, issuing_unit):
        """Units a plural name means under the issuing unit ("Các Phòng" → every Phòng of the Trung tâm)."""
        full = expand(name)
        if not _PLURAL.match(full) or issuing_unit is None:
            return []
        head = _PLURAL.sub("", full)
        children = [u for u in self.units.values() if u.parent_id == issuing_unit.pk]
        found = [u for u in children if expand(u.name).startswith(head + " ") or expand(u.name) == head]
        return sorted(found, key=lambda u: (u.position, u.name))


def match_units(names, province, *, issuing_unit=None, on=None):
    """{name: Unit or None} for each name, against the province's units and their aliases. With `on` (the
    document's day) a name of a unit that no longer existed then gives its successor (plans.reform)."""
    index = UnitIndex(province)
    return {name: _on(index.match(name), on) for name in names}


def _on(unit, on):
    return successor_on(unit, on) if unit is not None and on is not None else unit


def suggest_units(names, province, *, issuing_unit=None, on=None):
    """{name: [Unit, …]}: the matched unit, or every unit a plural name stands for ("Các Phòng"),
    or [] when the name is new to the province (it would become a new unit on saving)."""
    index = UnitIndex(province)
    out = {}
    for name in names:
        unit = _on(index.match(name), on)
        out[name] = [unit] if unit is not None else index.group(name, issuing_unit)
    return out
