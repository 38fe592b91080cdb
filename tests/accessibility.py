"""Checks every browser journey makes on each page it opens, at a desk width and a phone width.

* `assert_accessible`: axe-core (vendored in tests/vendor/axe) run inside the page against WCAG 2.0/2.1 A and
  AA, contrast included; no violation of impact "serious" or "critical" may remain.
* `assert_fits_width`: nothing makes the page scroll sideways (`scrollWidth <= innerWidth`).
* `assert_touch_targets`: at a phone width every button, field and menu link is at least 44 px high.
"""
from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1366, "height": 900}
TOUCH_MIN = 44


def run_axe(page):
    """axe's violations on the page as it is now."""
    # evaluate() runs outside the page's Content-Security-Policy, which forbids inline scripts.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))",
        AXE_TAGS,
    )


def assert_accessible(page):
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in blocking
    )


def assert_fits_width(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""
        )
        raise AssertionError(f"{page.url} scrolls sideways: scrollWidth {widths[0]} > innerWidth {widths[1]}: {wide}")


def assert_touch_targets(page):
    """Buttons, fields, the menu and the cards' actions are tall enough to tap (links inside text are exempt)."""
    small = page.evaluate(
        """min => [...document.querySelectorAll(
              'button, .button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), '
              + 'textarea, .topbar a, .menu-toggle')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.tagName.toLowerCase() + ' ' + (e.innerText || e.name || e.id || '').trim().slice(0, 40),
                       Math.round(e.getBoundingClientRect().height)])
            .filter(([, h]) => h < min)""",
        TOUCH_MIN,
    )
    assert not small, f"{page.url}: targets under {TOUCH_MIN} px: {small}"


def check_page(page, *, phone):
    """Every check a journey makes on a page it has opened."""
    page.wait_for_load_state("load")
    assert_fits_width(page)
    if phone:
        assert_touch_targets(page)
    assert_accessible(page)
