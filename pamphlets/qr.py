"""QR code module matrices, computed once per link and drawn later as a single path.

The encoder is our own (ISO/IEC 18004, error correction level M), written to give module for module the codes
reportlab's encoder gave: the same mode (numeric, alphanumeric or bytes as UTF-8), the smallest version that
holds the data, and the same choice among the eight masks, scored the way reportlab scores them (tested against
it over many links). reportlab's encoder builds and scores each mask module by module in Python, 6-10 ms per
link; here each row of the code is one integer, so placing a mask is a few operations per row and the penalty
rules are bit operations and string searches (well under a millisecond once a version's layout is known). A
run that makes one card for each of hundreds of programs encodes hundreds of links.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .trust import link_problem

QUIET_ZONE = 4  # modules of light margin the QR standard requires around the code
LEVEL_M = 0  # the format information's two bits for error correction level M (15% of the code may be damaged)

# Level M, by version (index 0 unused): error correction codewords per block, and blocks (ISO/IEC 18004 table 9).
_ECC_PER_BLOCK = (0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28,
                  28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28)
_BLOCKS = (0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
           29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49)
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_NUMERIC_RE = re.compile("[0-9]*")
_ALPHANUMERIC_RE = re.compile("[-0-9A-Z $%*+./:]*")
_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)  # i is the row, j the column
_FINDER_LIKE = "10111010000"  # dark-light-dark-dark-dark-light-dark then four light, as reportlab looks for it


def check_url(url: str) -> str | None:
    """Why a link cannot go in a QR code, or None if it can."""
    if not url.strip():
        return "the QR link is empty; set link in the local profile"
    if any(ch.isspace() for ch in url):
        return f"the QR link '{url}' contains a space"
    problem = link_problem(url)
    return f"the QR link {problem}" if problem else None


@lru_cache(maxsize=256)
def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of data's QR code at error correction level M (15% damage tolerated)."""
    mode, count_bits, bits = _segment(data)
    version = next((v for v in range(1, 40) if 4 + count_bits[(v > 9) + (v > 26)] + len(bits) <= _data_bits(v)),
                   None)
    if version is None:
        raise ValueError(f"{len(data)} characters are too many for a QR code at level M")
    count = len(data.encode("utf-8")) if mode == 4 else len(data)
    head = f"{mode:04b}{count:0{count_bits[(version > 9) + (version > 26)]}b}"
    layout = _layout(version)
    by_row, by_column = layout.place(_codewords(head + bits, version))
    scores = [layout.penalty(layout.test_rows | (by_row ^ rows), layout.test_columns | (by_column ^ columns))
              for rows, columns in layout.masks]
    best = scores.index(min(scores))  # the first mask with the lowest penalty, as reportlab chooses
    grid = layout.final_rows(best) | (by_row ^ layout.masks[best][0])
    n = layout.size
    text = format(grid, f"0{n * n}b")[::-1]  # text[row * n + col]
    return tuple(tuple(c == "1" for c in text[r * n:(r + 1) * n]) for r in range(n))


def _segment(data: str) -> tuple[int, tuple[int, int, int], str]:
    """The mode reportlab picks for the whole text (numeric, alphanumeric, else bytes), its character-count widths
    for versions 1-9, 10-26 and 27-40, and the data bits."""
    if _NUMERIC_RE.fullmatch(data):
        groups = [data[k:k + 3] for k in range(0, len(data), 3)]
        return 1, (10, 12, 14), "".join(f"{int(g):0{3 * len(g) + 1}b}" for g in groups)
    if _ALPHANUMERIC_RE.fullmatch(data):
        values = [_ALPHANUMERIC.index(c) for c in data]
        pairs = [values[k:k + 2] for k in range(0, len(values), 2)]
        return 2, (9, 11, 13), "".join(f"{p[0] * 45 + p[1]:011b}" if len(p) == 2 else f"{p[0]:06b}" for p in pairs)
    return 4, (8, 16, 16), "".join(f"{b:08b}" for b in data.encode("utf-8"))


def _raw_modules(version: int) -> int:
    """Modules left for data and error correction once the function patterns are drawn."""
    result = (16 * version + 128) * version + 64
    if version >= 2:
        align = version // 7 + 2
        result -= (25 * align - 10) * align - 55
        if version >= 7:
            result -= 36
    return result


def _data_bits(version: int) -> int:
    """Data capacity in bits at level M."""
    return (_raw_modules(version) // 8 - _ECC_PER_BLOCK[version] * _BLOCKS[version]) * 8


def _codewords(bits: str, version: int) -> bytes:
    """The data bits terminated, padded, split into blocks with their error correction, and interleaved."""
    capacity = _data_bits(version)
    if len(bits) + 4 <= capacity:
        bits += "0000"
    bits += "0" * (-len(bits) % 8)
    data = bytearray(int(bits[k:k + 8], 2) for k in range(0, len(bits), 8))
    pad = 0xEC
    while len(data) * 8 < capacity:
        data.append(pad)
        pad ^= 0xEC ^ 0x11
    blocks_n, ecc = _BLOCKS[version], _ECC_PER_BLOCK[version]
    total = _raw_modules(version) // 8
    short = blocks_n - total % blocks_n  # blocks with one data codeword fewer than the rest
    short_len = total // blocks_n - ecc
    divisor = _rs_divisor(ecc)
    blocks, k = [], 0
    for i in range(blocks_n):
        length = short_len + (i >= short)
        block = bytes(data[k:k + length])
        k += length
        blocks.append((block, _rs_remainder(block, divisor)))
    out = bytearray()
    for i in range(short_len + 1):
        out.extend(block[i] for block, _ in blocks if i < len(block))
    for i in range(ecc):
        out.extend(check[i] for _, check in blocks)
    return bytes(out)


def _exp_log() -> tuple[list[int], list[int]]:
    """Powers of 2 in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (twice over, so exponents add without a modulo),
    and each non-zero byte's exponent."""
    exp, log = [0] * 510, [0] * 256
    x = 1
    for i in range(255):
        exp[i] = exp[i + 255] = x
        log[x] = i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    return exp, log


_EXP, _LOG = _exp_log()


def _gf_multiply(x: int, y: int) -> int:
    """Product in GF(2^8)."""
    return _EXP[_LOG[x] + _LOG[y]] if x and y else 0


@cache
def _rs_divisor(degree: int) -> tuple[int, ...]:
    """The Reed-Solomon generator polynomial of a degree (leading 1 left out), highest power first."""
    result = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            result[j] = _gf_multiply(result[j], root)
            if j + 1 < degree:
                result[j] ^= result[j + 1]
        root = _gf_multiply(root, 0x02)
    return tuple(result)


def _rs_remainder(data: bytes, divisor: tuple[int, ...]) -> bytes:
    """The error correction codewords of one block."""
    result = [0] * len(divisor)
    logs = [(i, _LOG[c]) for i, c in enumerate(divisor) if c]
    for b in data:
        factor = b ^ result.pop(0)
        result.append(0)
        if factor:
            shift = _LOG[factor]
            for i, log in logs:
                result[i] ^= _EXP[log + shift]
    return bytes(result)


def _grid(cells: list[str], n: int) -> tuple[int, int]:
    """A grid of '0'/'1' cells (row by row) as two integers: bit row*n+col, and bit col*n+row (its columns)."""
    rows = "".join(cells)
    columns = "".join("".join(cells[c::n]) for c in range(n))
    return int(rows[::-1], 2), int(columns[::-1], 2)


def _every_line(n: int, first: int, last: int) -> int:
    """Bits first..last of each of the n lines of an n x n grid integer."""
    line = ((1 << (last - first + 1)) - 1) << first
    return sum(line << (i * n) for i in range(n))


class _Layout:
    """What every code of one version shares: its function patterns, where data goes, and the masks there.

    The grid is one integer whose bit row*n+col is a module (and a second, transposed, for columns), so a mask
    is one XOR and each penalty rule a handful of shifts and ANDs over the whole code.
    """

    def __init__(self, version: int) -> None:
        self.version = version
        n = self.size = version * 4 + 17
        dark = [[False] * n for _ in range(n)]
        function = [[False] * n for _ in range(n)]

        def put(row: int, col: int, value: bool) -> None:
            dark[row][col] = value
            function[row][col] = True

        for r0, c0 in ((0, 0), (0, n - 7), (n - 7, 0)):  # finders with their light separators
            for r in range(-1, 8):
                for c in range(-1, 8):
                    if 0 <= r0 + r < n and 0 <= c0 + c < n:
                        ring = max(abs(r - 3), abs(c - 3))
                        put(r0 + r, c0 + c, ring != 2 and ring != 4)
        for i in range(8, n - 8):  # timing
            put(i, 6, i % 2 == 0)
            put(6, i, i % 2 == 0)
        spots = _alignment_positions(version)
        for r in spots:
            for c in spots:
                if (r < 9 and c < 9) or (r < 9 and c > n - 9) or (r > n - 9 and c < 9):
                    continue  # where a finder is
                for dr in range(-2, 3):
                    for dc in range(-2, 3):
                        put(r + dr, c + dc, max(abs(dr), abs(dc)) != 1)
        self.format_cells = _format_cells(n)
        for row, col in self.format_cells:
            put(row, col, False)
        put(n - 8, 8, False)  # the dark module: light while masks are scored, as reportlab scores them
        self.version_cells = _version_cells(n) if version >= 7 else []
        for row, col in self.version_cells:
            put(row, col, False)
        self.test_rows, self.test_columns = _grid(["1" if d else "0" for line in dark for d in line], n)
        self.positions = _data_positions(function, n)
        cells = [["0"] * n * n for _ in _MASKS]
        for mask, grid in zip(_MASKS, cells, strict=True):
            for row, col in self.positions:
                if mask(row, col):
                    grid[row * n + col] = "1"
        self.masks = [_grid(grid, n) for grid in cells]
        self.pairs = _every_line(n, 0, n - 2)  # a module and the next one in its line
        self.fives = _every_line(n, 0, n - 5)  # where five modules in a line start
        self.finder_like = _every_line(n, 0, n - 12)  # where reportlab looks for the finder-like pattern
        self.blocks = self.pairs & ((1 << (n * (n - 1))) - 1)  # 2x2 blocks: not from the last row

    def place(self, codewords: bytes) -> tuple[int, int]:
        """The data bits in their places before masking, by rows and by columns (bits after the last codeword
        are light)."""
        n = self.size
        cells = ["0"] * (n * n)
        bits = "".join(f"{b:08b}" for b in codewords)
        for (row, col), bit in zip(self.positions, bits, strict=False):  # remainder modules stay light
            if bit == "1":
                cells[row * n + col] = "1"
        return _grid(cells, n)

    def penalty(self, rows: int, columns: int) -> int:
        """reportlab's score of a masked code (lower is better), with its format and version areas light.

        Runs of five or more (3 + each module past five) along rows and columns, 2x2 blocks of one colour (3
        each), the finder-like pattern (40 each; reportlab finds it only along rows, one way round, and not at
        the last position of a row: it compares each column, a tuple, with its pattern, a list), and the balance
        of dark and light (10 per 5% away from half).
        """
        n = self.size
        score = 0
        for grid in (rows, columns):
            alike = ~(grid ^ (grid >> 1)) & self.pairs
            five = alike & (alike >> 1) & (alike >> 2) & (alike >> 3) & self.fives
            # a run of length L >= 5 holds L - 4 starts of five alike and scores L - 2
            score += five.bit_count() + 2 * (five & ~(five << 1)).bit_count()
        found = self.finder_like
        for k, bit in enumerate(_FINDER_LIKE):
            found &= (rows >> k) if bit == "1" else ~(rows >> k)
        score += 40 * found.bit_count()
        below = ~(rows ^ (rows >> n))  # alike with the module under it
        score += 3 * (below & (below >> 1) & ~(rows ^ (rows >> 1)) & self.blocks).bit_count()
        return score + 10 * (abs(100 * rows.bit_count() // (n * n) - 50) // 5)

    def final_rows(self, mask: int) -> int:
        """The function patterns (by rows) with the format information of a mask, the dark module and the
        version."""
        grid = self.test_rows
        n = self.size
        data = (LEVEL_M << 3) | mask
        remainder = data
        for _ in range(10):
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
        bits = ((data << 10) | remainder) ^ 0x5412
        for i, (row, col) in enumerate(self.format_cells):
            if bits >> (i % 15) & 1:
                grid |= 1 << (row * n + col)
        grid |= 1 << ((n - 8) * n + 8)
        if self.version >= 7:
            remainder = self.version
            for _ in range(12):
                remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
            bits = self.version << 12 | remainder
            for i, (row, col) in enumerate(self.version_cells):
                if bits >> (i % 18) & 1:
                    grid |= 1 << (row * n + col)
        return grid


@cache
def _alignment_positions(version: int) -> tuple[int, ...]:
    """Rows (and columns) of the alignment patterns' centres."""
    if version == 1:
        return ()
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    size = version * 4 + 17
    return (6, *reversed([size - 7 - i * step for i in range(count - 1)]))


def _format_cells(n: int) -> list[tuple[int, int]]:
    """Where format bit i goes, both copies: bits 0-14 by the top-left finder, then 0-14 by the other two."""
    first = [(i, 8) for i in range(6)] + [(7, 8), (8, 8), (8, 7)] + [(8, 14 - i) for i in range(9, 15)]
    second = [(8, n - 1 - i) for i in range(8)] + [(n - 15 + i, 8) for i in range(8, 15)]
    return first + second


def _version_cells(n: int) -> list[tuple[int, int]]:
    """Where version bit i goes, both copies (top right, then bottom left)."""
    return [(i // 3, n - 11 + i % 3) for i in range(18)] + [(n - 11 + i % 3, i // 3) for i in range(18)]


def _data_positions(function: list[list[bool]], n: int) -> list[tuple[int, int]]:
    """(row, column) of every data module in placement order: two columns at a time from the right, up then down,
    stepping over the vertical timing pattern."""
    out = []
    upward = True
    right = n - 1
    while right > 0:
        if right == 6:
            right = 5
        for step in range(n):
            row = n - 1 - step if upward else step
            for col in (right, right - 1):
                if not function[row][col]:
                    out.append((row, col))
        upward = not upward
        right -= 2
    return out


@cache
def _layout(version: int) -> _Layout:
    return _Layout(version)
