#!/usr/bin/env python3
"""Turns a tmux pane captured with colours (`tmux capture-pane -e -p`) into an SVG screenshot.

    tmux capture-pane -e -p -t SESSION | python3 assets/ansi_to_svg.py "Title" > assets/shot.svg

Understands the SGR codes tmux writes (bold, dim, reverse, the 16 colours, 256 colours and
24-bit colour); every cell is one column wide. Not part of the crate.
"""
import html
import re
import sys

CELL_W, CELL_H, PAD, BAR = 8.4, 17, 14, 28
BG, FG = "#1e1f29", "#e6e6e6"
PALETTE = [
    "#21222c", "#ff5555", "#50fa7b", "#f1fa8c", "#6272a4", "#ff79c6", "#8be9fd", "#f8f8f2",
    "#6d7283", "#ff6e6e", "#69ff94", "#ffffa5", "#d6acff", "#ff92df", "#a4ffff", "#ffffff",
]


def color256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def parse(lines):
    """Yields rows of (char, style) with style = (fg, bg, bold, dim, reverse)."""
    rows = []
    fg = bg = None
    bold = dim = rev = False
    for line in lines:
        row = []
        for part in re.split(r"(\x1b\[[0-9;]*m)", line):
            if not part.startswith("\x1b["):
                row.extend((c, (fg, bg, bold, dim, rev)) for c in part)
                continue
            codes = [int(c) if c else 0 for c in part[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg = bg = None
                    bold = dim = rev = False
                elif c == 1:
                    bold = True
                elif c == 2:
                    dim = True
                elif c == 22:
                    bold = dim = False
                elif c == 7:
                    rev = True
                elif c == 27:
                    rev = False
                elif 30 <= c <= 37:
                    fg = PALETTE[c - 30]
                elif 90 <= c <= 97:
                    fg = PALETTE[c - 90 + 8]
                elif 40 <= c <= 47:
                    bg = PALETTE[c - 40]
                elif 100 <= c <= 107:
                    bg = PALETTE[c - 100 + 8]
                elif c == 39:
                    fg = None
                elif c == 49:
                    bg = None
                elif c in (38, 48) and i + 1 < len(codes):
                    if codes[i + 1] == 5 and i + 2 < len(codes):
                        value, i = color256(codes[i + 2]), i + 2
                    elif codes[i + 1] == 2 and i + 4 < len(codes):
                        value = "#%02x%02x%02x" % tuple(codes[i + 2 : i + 5])
                        i += 4
                    else:
                        value = None
                    if c == 38:
                        fg = value
                    else:
                        bg = value
                i += 1
        rows.append(row)
    return rows


def svg(rows, title):
    cols = max((len(r) for r in rows), default=0)
    width = PAD * 2 + cols * CELL_W
    height = BAR + PAD * 2 + len(rows) * CELL_H
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
        f'font-size="14">',
        f'<rect width="100%" height="100%" rx="8" fill="{BG}"/>',
        f'<rect width="100%" height="{BAR}" rx="8" fill="#2b2d3a"/>',
        f'<rect y="{BAR - 8}" width="100%" height="8" fill="#2b2d3a"/>',
    ]
    for i, dot in enumerate(["#ff5f56", "#ffbd2e", "#27c93f"]):
        out.append(f'<circle cx="{18 + i * 20}" cy="{BAR / 2}" r="6" fill="{dot}"/>')
    out.append(
        f'<text x="{width / 2:.0f}" y="{BAR / 2 + 5}" fill="#a0a3b1" text-anchor="middle" '
        f'font-size="13">{html.escape(title)}</text>'
    )
    for y, row in enumerate(rows):
        top = BAR + PAD + y * CELL_H
        x = 0
        while x < len(row):
            style = row[x][1]
            end = x
            while end < len(row) and row[end][1] == style:
                end += 1
            fg, bg, bold, dim, rev = style
            fg, bg = fg or FG, bg
            if rev:
                fg, bg = (bg or BG), (style[0] or FG)
            left = PAD + x * CELL_W
            if bg:
                out.append(
                    f'<rect x="{left:.1f}" y="{top}" width="{(end - x) * CELL_W:.1f}" '
                    f'height="{CELL_H}" fill="{bg}"/>'
                )
            text = "".join(c for c, _ in row[x:end])
            if text.strip():
                attrs = f'fill="{fg}"'
                if bold:
                    attrs += ' font-weight="bold"'
                if dim:
                    attrs += ' opacity="0.6"'
                out.append(
                    f'<text x="{left:.1f}" y="{top + CELL_H - 4}" {attrs} xml:space="preserve" '
                    f'textLength="{(end - x) * CELL_W:.1f}" lengthAdjust="spacingAndGlyphs">'
                    f"{html.escape(text)}</text>"
                )
            x = end
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "braze-s3"
    lines = sys.stdin.read().rstrip("\n").split("\n")
    sys.stdout.write(svg(parse(lines), title))


if __name__ == "__main__":
    main()
