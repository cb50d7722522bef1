/**
 * Draws the Teams app icons, manifest/color.png (192×192) and manifest/outline.png (32×32), with
 * pngjs. Run with `npx tsx scripts/make-icons.ts` and commit both files; the packaging script only
 * checks them, it never redraws them.
 *
 * The glyph is a phone outline with a round check-mark badge at its lower right ("this device is
 * enrolled"). It is designed on a 32×32 grid so the outline icon lands on whole pixels; the colour
 * icon draws the same geometry three times larger (96×96) in the middle of the 192×192 square,
 * which leaves the 48 px margin Teams asks for because it masks the icon into other shapes.
 */
import fs from 'node:fs';
import path from 'node:path';

import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

/** What one point of the glyph belongs to, from the background up. */
type Region = 'none' | 'phone' | 'badge' | 'check';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');

/** Size of the design grid, in glyph units. */
const GRID = 32;
const WHITE: Rgb = [255, 255, 255];
/** Badge green; reads as "done / compliant" and stays distinct from the blue background. */
const BADGE_GREEN: Rgb = [46, 160, 67];

const BADGE = { cx: 24, cy: 24, r: 8 };
/** Clear space around the badge so it does not merge with the phone's edge. */
const BADGE_GAP = 2;
const CHECK_POINTS: ReadonlyArray<readonly [number, number]> = [
  [19.6, 24.2],
  [22.8, 27.4],
  [28.4, 21.2],
];
const CHECK_HALF_WIDTH = 1.35;

function insideRoundedRect(
  x: number,
  y: number,
  left: number,
  top: number,
  right: number,
  bottom: number,
  radius: number,
): boolean {
  if (x < left || x > right || y < top || y > bottom) {
    return false;
  }
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function distanceToSegment(
  x: number,
  y: number,
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function onCheckMark(x: number, y: number): boolean {
  for (let i = 0; i + 1 < CHECK_POINTS.length; i += 1) {
    const a = CHECK_POINTS[i];
    const b = CHECK_POINTS[i + 1];
    if (a && b && distanceToSegment(x, y, a, b) <= CHECK_HALF_WIDTH) {
      return true;
    }
  }
  return false;
}

/** Classifies a point of the 32×32 design grid. */
function regionAt(x: number, y: number): Region {
  const badgeDistance = Math.hypot(x - BADGE.cx, y - BADGE.cy);
  if (badgeDistance <= BADGE.r) {
    return onCheckMark(x, y) ? 'check' : 'badge';
  }
  if (badgeDistance <= BADGE.r + BADGE_GAP) {
    return 'none';
  }
  const phoneFrame =
    insideRoundedRect(x, y, 1, 0, 19, 32, 4.5) && !insideRoundedRect(x, y, 3, 2, 17, 30, 2.5);
  const speakerSlot = insideRoundedRect(x, y, 7, 4, 13, 6, 1);
  return phoneFrame || speakerSlot ? 'phone' : 'none';
}

function parseHexColour(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new Error(`accentColor must be #RRGGBB, got ${hex}`);
  }
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

function readAccentColour(): Rgb {
  const manifest: unknown = JSON.parse(
    fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'),
  );
  const accent =
    typeof manifest === 'object' && manifest !== null && 'accentColor' in manifest
      ? manifest.accentColor
      : undefined;
  if (typeof accent !== 'string') {
    throw new Error('manifest/manifest.json has no accentColor');
  }
  return parseHexColour(accent);
}

/**
 * Full-colour icon: a flat, opaque square in the accent colour (Teams rounds the corners itself),
 * a white phone and a green badge with a white tick. Edges are anti-aliased by averaging an 8×8
 * grid of samples per pixel; every pixel stays fully opaque.
 */
function drawColourIcon(background: Rgb): PNG {
  const size = 192;
  const scale = 3;
  const offset = (size - GRID * scale) / 2;
  const samples = 8;
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (px + (sx + 0.5) / samples - offset) / scale;
          const y = (py + (sy + 0.5) / samples - offset) / scale;
          const region = regionAt(x, y);
          const colour = region === 'badge' ? BADGE_GREEN : region === 'none' ? background : WHITE;
          for (let c = 0; c < 3; c += 1) {
            sum[c] = (sum[c] ?? 0) + (colour[c] ?? 0);
          }
        }
      }
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) {
        png.data[i + c] = Math.round((sum[c] ?? 0) / (samples * samples));
      }
      png.data[i + 3] = 255;
    }
  }
  return png;
}

/**
 * Outline icon: the same glyph in pure white on a fully transparent background, with the tick cut
 * out of the badge. Teams requires white to be exactly #FFFFFF and everything else alpha 0, and
 * store validation rejects semi-transparent pixels, so each pixel is either opaque white or fully
 * transparent (majority vote of 16×16 samples) instead of anti-aliased.
 */
function drawOutlineIcon(): PNG {
  const size = GRID;
  const samples = 16;
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const region = regionAt(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (region === 'phone' || region === 'badge') {
            covered += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      const on = covered * 2 >= samples * samples;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = on ? 255 : 0;
    }
  }
  return png;
}

function main(): void {
  const colour = drawColourIcon(readAccentColour());
  const outline = drawOutlineIcon();
  const colourPath = path.join(MANIFEST_DIR, 'color.png');
  const outlinePath = path.join(MANIFEST_DIR, 'outline.png');
  fs.writeFileSync(colourPath, PNG.sync.write(colour, { colorType: 6 }));
  fs.writeFileSync(outlinePath, PNG.sync.write(outline, { colorType: 6 }));
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), colourPath)} and ${path.relative(process.cwd(), outlinePath)}\n`,
  );
}

main();
