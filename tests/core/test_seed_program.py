"""The master's 29 items are the program's own words: parsed again from the seed text, they match the shipped data."""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

import pytest

from sheetsync.core.seed_program import SeedItem, parse_program_name, parse_seed_items
from sheetsync.schema import PILLARS, PROGRAM_NAME

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "scripts" / "data" / "chuong_trinh_2026.toml"
SEED_DIR = ROOT.parent / "shared" / "seed"
SEED_FILES = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []

# the program's shape, in small: numbered tasks, unnumbered key solutions, a bullet broken over a blank line
MINI = """Điều 1. Ban hành Chương trình hành động thực hiện Chủ đề năm 2026 của phường về “Chủ động”.

I. MỤC ĐÍCH, YÊU CẦU

- Không phải nhiệm vụ.

II. NỘI DUNG NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM

1. Chủ động thực thi

1.1. Nội dung

- Nhiệm vụ 1: Việc  thứ nhất.

- Nhiệm vụ 2: Việc thứ hai; gắn tiền độ.

1.2. Giải pháp trọng tâm

- Giải pháp một, bảo đảm các quyết định chỉ đạo,

điều hành sát thực tiễn.

- Giải pháp hai.

2. Kỷ cương hiệu quả

2.1. Nội dung

- Nhiệm vụ 1: Việc của trụ cột hai.

III. TỔ CHỨC THỰC HIỆN

1. Các phòng báo cáo.
"""


@pytest.fixture(scope="module")
def shipped() -> dict:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def test_items_map_to_codes_as_the_contract_says():
    assert parse_seed_items(MINI) == [
        SeedItem("1.1.1", "Chủ động thực thi", "Việc thứ nhất."),
        SeedItem("1.1.2", "Chủ động thực thi", "Việc thứ hai; gắn tiền độ."),
        SeedItem(
            "1.2.1", "Chủ động thực thi", "Giải pháp một, bảo đảm các quyết định chỉ đạo, điều hành sát thực tiễn."
        ),
        SeedItem("1.2.2", "Chủ động thực thi", "Giải pháp hai."),
        SeedItem("2.1.1", "Kỷ cương hiệu quả", "Việc của trụ cột hai."),
    ]


def test_nfd_input_gives_nfc_text():
    items = parse_seed_items(unicodedata.normalize("NFD", MINI))
    assert items[0].pillar == "Chủ động thực thi"
    assert all(unicodedata.is_normalized("NFC", i.content) for i in items)


def test_a_content_bullet_without_its_number_is_refused_not_guessed():
    broken = MINI.replace("- Nhiệm vụ 2: Việc", "- Việc")
    with pytest.raises(ValueError, match="Nhiệm vụ N"):
        parse_seed_items(broken)


@pytest.mark.skipif(not SEED_FILES, reason="the program's text (../shared/seed/) is not beside this checkout")
def test_shipped_items_are_the_programs_own_words(shipped):
    seed = {item.code: item for item in parse_seed_items(SEED_FILES[0].read_text(encoding="utf-8"))}
    assert len(seed) == 29
    data = {task["code"]: task for task in shipped["tasks"]}
    assert list(data) == list(seed), "same codes, in program order"
    for code, item in seed.items():
        assert data[code]["content"] == item.content, code
        assert data[code]["pillar"] == item.pillar, code
    assert {item.pillar for item in seed.values()} == set(PILLARS)
    assert "gắn tiền độ và chất lượng" in data["1.2.2"]["content"]  # the program's typo, kept


@pytest.mark.skipif(not SEED_FILES, reason="the program's text (../shared/seed/) is not beside this checkout")
def test_program_name_is_the_decisions_own():
    assert parse_program_name(SEED_FILES[0].read_text(encoding="utf-8")) == PROGRAM_NAME


def test_shipped_text_is_tidy(shipped):
    for task in shipped["tasks"]:
        content = task["content"]
        assert unicodedata.is_normalized("NFC", content)
        assert content == " ".join(content.split()), task["code"]
