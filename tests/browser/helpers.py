"""Steps the browser tests share."""


def choose_pupil(page, row: int, name: str) -> None:
    """Choose a pupil in row `row` of the incident form with the pupil search: type the name,
    tap the match."""
    page.fill(f"#id_pupils-{row}-pupil-search", name)
    page.locator("#pupil-rows [role=option]", has_text=name).first.click()
