//! Draws egui's tessellated meshes on the CPU, into a buffer of pixels the
//! window presents without OpenGL. Without a GPU, OpenGL is Mesa's llvmpipe,
//! which maps some 55 MiB of LLVM to compile shaders for what are, here, a
//! few thousand flat or gradient triangles and the glyphs of a font atlas.
//! The colour arithmetic is egui_glow's: vertex colour times texel, both
//! premultiplied and in gamma space, blended source-over onto an opaque
//! background, with no dithering.

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, ImageData, ImageDelta, Primitive, TextureId, Vertex};
use egui::{Color32, Rect, TexturesDelta};

/// Sub-pixel precision of vertex positions: 1/256 of a pixel. Edge
/// functions in this fixed point are exact, so two triangles sharing an
/// edge never both paint (or both miss) a pixel on it.
const SUB: i64 = 256;

/// Corners are kept within two million pixels of the origin (in sub-pixels).
const FAR: i64 = 1 << 29;

/// Pixels `[x0, x1) × [y0, y1)`, from the top left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl PixelRect {
    pub fn is_empty(&self) -> bool {
        self.x0 >= self.x1 || self.y0 >= self.y1
    }

    pub fn area(&self) -> u64 {
        if self.is_empty() { 0 } else { ((self.x1 - self.x0) * (self.y1 - self.y0)) as u64 }
    }

    fn intersect(self, other: Self) -> Self {
        Self {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        }
    }

    /// The pixels egui_glow's scissor covers for `clip` (points): its
    /// corners in pixels, rounded, inside `[0, width) × [0, height)`.
    pub fn from_clip(clip: Rect, ppp: f32, width: usize, height: usize) -> Self {
        let px = |v: f32, max: usize| ((v * ppp).round().max(0.0) as usize).min(max);
        Self {
            x0: px(clip.min.x, width),
            y0: px(clip.min.y, height),
            x1: px(clip.max.x, width),
            y1: px(clip.max.y, height),
        }
    }
}

/// A texture as egui uploaded it: premultiplied texels, row by row.
struct Texture {
    width: usize,
    height: usize,
    texels: Vec<Color32>,
}

/// egui's textures (the font atlas, images), kept as egui sends changes.
#[derive(Default)]
pub struct Textures {
    textures: HashMap<TextureId, Texture>,
}

impl Textures {
    /// Applies the new textures and patches of `delta` (before painting).
    pub fn set(&mut self, delta: &TexturesDelta) {
        for (id, images) in &delta.set {
            for image in images {
                self.set_one(*id, image);
            }
        }
    }

    fn set_one(&mut self, id: TextureId, image: &ImageDelta) {
        let ImageData::Color(colours) = &image.image;
        let [w, h] = colours.size;
        match image.pos {
            None => {
                self.textures.insert(id, Texture { width: w, height: h, texels: colours.pixels.clone() });
            }
            Some([x, y]) => {
                // egui patches only textures it made, inside their bounds.
                let Some(texture) = self.textures.get_mut(&id) else { return };
                let w = w.min(texture.width.saturating_sub(x));
                for row in 0..h.min(texture.height.saturating_sub(y)) {
                    let to = (y + row) * texture.width + x;
                    texture.texels[to..to + w].copy_from_slice(&colours.pixels[row * colours.size[0]..][..w]);
                }
            }
        }
    }

    /// Drops the textures `delta` frees (after painting).
    pub fn free(&mut self, delta: &TexturesDelta) {
        for id in &delta.free {
            self.textures.remove(id);
        }
    }
}

/// The window's pixels, `0x00RRGGBB` (as softbuffer presents them), row by
/// row from the top.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u32>,
}

impl Canvas {
    pub fn new(width: usize, height: usize) -> Self {
        Self { width, height, pixels: vec![0; width * height] }
    }

    pub fn whole(&self) -> PixelRect {
        PixelRect { x0: 0, y0: 0, x1: self.width, y1: self.height }
    }

    /// Sets `rect` to the opaque `colour`.
    pub fn fill(&mut self, rect: PixelRect, colour: Color32) {
        let rect = rect.intersect(self.whole());
        if rect.is_empty() {
            return;
        }
        let packed = pack(colour);
        for y in rect.y0..rect.y1 {
            self.pixels[y * self.width + rect.x0..y * self.width + rect.x1].fill(packed);
        }
    }

    /// Draws egui's `primitives` (positions in points, `ppp` pixels a
    /// point), each inside its clip rectangle. A mesh whose texture egui
    /// never sent, or a paint callback (GPU code), is left out.
    pub fn draw(&mut self, primitives: &[ClippedPrimitive], textures: &Textures, ppp: f32) {
        for primitive in primitives {
            let Primitive::Mesh(mesh) = &primitive.primitive else { continue };
            let Some(texture) = textures.textures.get(&mesh.texture_id) else { continue };
            let clip = PixelRect::from_clip(primitive.clip_rect, ppp, self.width, self.height);
            if clip.is_empty() {
                continue;
            }
            for t in mesh.indices.chunks_exact(3) {
                let corner = |i: u32| mesh.vertices.get(i as usize);
                if let (Some(a), Some(b), Some(c)) = (corner(t[0]), corner(t[1]), corner(t[2])) {
                    self.triangle([a, b, c], texture, clip, ppp);
                }
            }
        }
    }

    fn triangle(&mut self, v: [&Vertex; 3], texture: &Texture, clip: PixelRect, ppp: f32) {
        // Far off-screen corners are pulled in to where edge functions cannot overflow.
        let fixed = |x: f32| ((f64::from(x) * f64::from(ppp) * SUB as f64).round() as i64).clamp(-FAR, FAR);
        let mut p = v.map(|v| [fixed(v.pos.x), fixed(v.pos.y)]);
        let mut v = v;
        let mut area = edge(p[0], p[1], p[2]);
        if area == 0 {
            return;
        }
        if area < 0 {
            p.swap(1, 2);
            v.swap(1, 2);
            area = -area;
        }
        let min = |i: usize| p.iter().map(|q| q[i]).min().unwrap_or(0);
        let max = |i: usize| p.iter().map(|q| q[i]).max().unwrap_or(0);
        // Pixels whose centre (x + 0.5) can be inside.
        let to_px = |v: i64| (v.div_euclid(SUB)).max(0) as usize;
        let bounds = PixelRect { x0: to_px(min(0)), y0: to_px(min(1)), x1: to_px(max(0)) + 1, y1: to_px(max(1)) + 1 };
        let r = bounds.intersect(clip);
        if r.is_empty() {
            return;
        }
        // Edge k is opposite corner k; inside, all three are positive (or
        // zero on a top or left edge, so shared edges are painted once).
        let edges = [(p[1], p[2]), (p[2], p[0]), (p[0], p[1])];
        let bias = edges.map(|(a, b)| if top_left(a, b) { 0 } else { -1 });
        let shade = Shade::new(v, texture, area);
        let opaque = shade.flat.filter(|c| c[3] >= 255.0).map(|c| blend(0, c));
        let centre = |i: usize| i as i64 * SUB + SUB / 2;
        let step = edges.map(|(a, b)| -(b[1] - a[1]) * SUB);
        for y in r.y0..r.y1 {
            let start = [centre(r.x0), centre(y)];
            let mut w = edges.map(|(a, b)| edge(a, b, start));
            let (first, last) = span(&w, &step, &bias, r.x1 - r.x0);
            for k in 0..3 {
                w[k] += step[k] * first as i64;
            }
            let row = y * self.width + r.x0;
            for x in first..last {
                if w[0] + bias[0] >= 0 && w[1] + bias[1] >= 0 && w[2] + bias[2] >= 0 {
                    let dst = &mut self.pixels[row + x];
                    *dst = match opaque {
                        // Most of a window is flat, opaque colour: nothing to mix.
                        Some(packed) => packed,
                        None => blend(*dst, shade.at(w)),
                    };
                }
                for k in 0..3 {
                    w[k] += step[k];
                }
            }
        }
    }
}

/// Twice the signed area of `a, b, c`: positive when `c` is on the inner
/// side of the edge from `a` to `b` (y down, corners clockwise on screen).
fn edge(a: [i64; 2], b: [i64; 2], c: [i64; 2]) -> i64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// The edge from `a` to `b` is a left edge (inside to its right) or a top
/// edge (horizontal, inside below).
fn top_left(a: [i64; 2], b: [i64; 2]) -> bool {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    dy < 0 || (dy == 0 && dx > 0)
}

/// The part `[first, last)` of a row of `len` pixels that can be inside
/// all three edges, given their values `w` at its first pixel and their
/// change `step` a pixel; a pixel either side is kept for the exact test.
fn span(w: &[i64; 3], step: &[i64; 3], bias: &[i64; 3], len: usize) -> (usize, usize) {
    // In integers (edge values stay under 2^59): the float version spent
    // more time in libm's floor and ceil than in the test it saves.
    let (mut first, mut last) = (0_i64, len as i64);
    for k in 0..3 {
        let (w, s) = (w[k] + bias[k], step[k]);
        if s == 0 {
            if w < 0 {
                return (0, 0);
            }
        } else if s > 0 {
            // Inside from x >= -w / s.
            first = first.max((-w).div_euclid(s) - 1);
        } else {
            // Inside up to x <= w / -s.
            last = last.min(w.div_euclid(-s) + 2);
        }
    }
    let first = first.max(0) as usize;
    let last = (last.max(0) as usize).min(len);
    (first.min(last), last)
}

/// A triangle's colour at a pixel: its corners' colours times their
/// texels, interpolated, premultiplied, as `[r, g, b, a]` in 0..=255.
struct Shade<'a> {
    /// The colour is the same everywhere (one colour, one texel).
    flat: Option<[f32; 4]>,
    colours: [[f32; 4]; 3],
    uvs: [[f32; 2]; 3],
    /// One texel for the whole triangle (the white texel of a plain shape).
    texel: Option<[f32; 4]>,
    texture: &'a Texture,
    /// One over twice the triangle's area, in sub-pixels squared.
    per_area: f32,
}

impl<'a> Shade<'a> {
    fn new(v: [&Vertex; 3], texture: &'a Texture, area: i64) -> Self {
        let colours = v.map(|v| v.color.to_array().map(f32::from));
        let uvs = v.map(|v| [v.uv.x, v.uv.y]);
        let texel = (uvs[0] == uvs[1] && uvs[1] == uvs[2]).then(|| texture.sample(uvs[0]));
        let flat = match texel {
            Some(t) if colours[0] == colours[1] && colours[1] == colours[2] => Some(modulate(colours[0], t)),
            _ => None,
        };
        Self { flat, colours, uvs, texel, texture, per_area: 1.0 / area as f32 }
    }

    fn at(&self, w: [i64; 3]) -> [f32; 4] {
        if let Some(flat) = self.flat {
            return flat;
        }
        let l = w.map(|w| w as f32 * self.per_area);
        let colour: [f32; 4] =
            std::array::from_fn(|i| l[0] * self.colours[0][i] + l[1] * self.colours[1][i] + l[2] * self.colours[2][i]);
        let texel = self.texel.unwrap_or_else(|| {
            let uv = [0, 1].map(|i| l[0] * self.uvs[0][i] + l[1] * self.uvs[1][i] + l[2] * self.uvs[2][i]);
            self.texture.sample(uv)
        });
        modulate(colour, texel)
    }
}

impl Texture {
    /// Nearest-texel sampling. egui's only texture here is its font atlas,
    /// laid out at the window's pixel size, so texels land on pixels one to
    /// one and linear filtering would give the same colours.
    fn sample(&self, uv: [f32; 2]) -> [f32; 4] {
        let x = ((uv[0] * self.width as f32).max(0.0) as usize).min(self.width.saturating_sub(1));
        let y = ((uv[1] * self.height as f32).max(0.0) as usize).min(self.height.saturating_sub(1));
        self.texels.get(y * self.width + x).map_or([0.0; 4], |t| t.to_array().map(f32::from))
    }
}

/// One 255th, multiplied by: a division per channel and pixel cost more
/// than the rest of the blend (measured with perf), and the difference is
/// far below the half a level that rounding hides.
const PER_255: f32 = 1.0 / 255.0;

/// Vertex colour times texel, as egui_glow's shader does in gamma space.
fn modulate(colour: [f32; 4], texel: [f32; 4]) -> [f32; 4] {
    std::array::from_fn(|i| colour[i] * texel[i] * PER_255)
}

/// Premultiplied `src` over the opaque `dst`, rounded to 8 bits a channel.
fn blend(dst: u32, src: [f32; 4]) -> u32 {
    let keep = 1.0 - src[3] * PER_255;
    let channel = |shift: u32, s: f32| {
        let d = ((dst >> shift) & 0xff) as f32;
        // Rounded by adding a half (the value is not negative): f32::round
        // is a libm call, and this runs for every pixel drawn.
        (((s + d * keep).clamp(0.0, 255.0) + 0.5) as u32) << shift
    };
    channel(16, src[0]) | channel(8, src[1]) | channel(0, src[2])
}

/// An opaque colour as `0x00RRGGBB`.
pub fn pack(colour: Color32) -> u32 {
    (u32::from(colour.r()) << 16) | (u32::from(colour.g()) << 8) | u32::from(colour.b())
}

#[cfg(test)]
mod tests {
    use egui::TextureOptions;
    use egui::epaint::{ColorImage, Mesh};
    use egui::{Pos2, pos2};

    use super::*;

    const BG: Color32 = Color32::from_rgb(10, 20, 30);
    const ATLAS: TextureId = TextureId::Managed(0);

    /// A canvas filled with `BG`, and a texture `ATLAS` whose top-left texel is white.
    fn setup(texels: [Color32; 4]) -> (Canvas, Textures) {
        let mut canvas = Canvas::new(64, 48);
        canvas.fill(canvas.whole(), BG);
        let mut textures = Textures::default();
        let image = ColorImage::new([2, 2], texels.to_vec());
        let mut delta = TexturesDelta::default();
        delta.push(ATLAS, ImageDelta::full(image, TextureOptions::LINEAR));
        textures.set(&delta);
        delta.clear();
        (canvas, textures)
    }

    fn white() -> (Canvas, Textures) {
        setup([Color32::WHITE; 4])
    }

    fn rect_mesh(rect: Rect, colour: Color32) -> Mesh {
        let mut mesh = Mesh::with_texture(ATLAS);
        mesh.add_colored_rect(rect, colour);
        mesh
    }

    fn prim(clip: Rect, mesh: Mesh) -> ClippedPrimitive {
        ClippedPrimitive { clip_rect: clip, primitive: Primitive::Mesh(mesh) }
    }

    fn everywhere() -> Rect {
        Rect::from_min_max(pos2(-1000.0, -1000.0), pos2(1000.0, 1000.0))
    }

    fn at(canvas: &Canvas, x: usize, y: usize) -> u32 {
        canvas.pixels[y * canvas.width + x]
    }

    fn count(canvas: &Canvas, colour: u32) -> usize {
        canvas.pixels.iter().filter(|&&p| p == colour).count()
    }

    #[test]
    fn an_opaque_rectangle_covers_exactly_its_pixels() {
        let (mut canvas, textures) = white();
        let rect = Rect::from_min_max(pos2(10.0, 5.0), pos2(20.0, 35.0));
        canvas.draw(&[prim(everywhere(), rect_mesh(rect, Color32::RED))], &textures, 1.0);
        let red = pack(Color32::RED);
        assert_eq!(count(&canvas, red), 10 * 30);
        for (x, y) in [(10, 5), (19, 5), (10, 34), (19, 34), (15, 20)] {
            assert_eq!(at(&canvas, x, y), red, "({x}, {y})");
        }
        for (x, y) in [(9, 5), (20, 5), (10, 4), (10, 35)] {
            assert_eq!(at(&canvas, x, y), pack(BG), "({x}, {y})");
        }
    }

    #[test]
    fn a_translucent_rectangle_blends_once_even_on_its_diagonal() {
        let (mut canvas, textures) = white();
        // Premultiplied half-transparent white over BG: 128 + channel * 127 / 255.
        let half = Color32::from_rgba_premultiplied(128, 128, 128, 128);
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(32.0, 32.0));
        canvas.draw(&[prim(everywhere(), rect_mesh(rect, half))], &textures, 1.0);
        let expected = pack(Color32::from_rgb(133, 138, 143));
        assert_eq!(count(&canvas, expected), 32 * 32, "every pixel, the diagonal's too, is blended once");
    }

    #[test]
    fn rectangles_sharing_an_edge_through_pixel_centres_paint_it_once() {
        let (mut canvas, textures) = white();
        let half = Color32::from_rgba_premultiplied(128, 128, 128, 128);
        let mut mesh = Mesh::with_texture(ATLAS);
        // Stacked at y 10.5 and side by side at x 16.5: edges through the centres of row 10 and column 16.
        for (min, max) in [((0.0, 0.5), (16.5, 10.5)), ((16.5, 0.5), (32.0, 10.5)), ((0.0, 10.5), (32.0, 20.5))] {
            mesh.add_colored_rect(Rect::from_min_max(pos2(min.0, min.1), pos2(max.0, max.1)), half);
        }
        canvas.draw(&[prim(everywhere(), mesh)], &textures, 1.0);
        let once = pack(Color32::from_rgb(133, 138, 143));
        assert_eq!(count(&canvas, once), 32 * 20);
        assert_eq!(count(&canvas, once) + count(&canvas, pack(BG)), canvas.pixels.len());
    }

    #[test]
    fn triangles_sharing_edges_leave_no_gap_and_no_overlap() {
        // A fan of thin translucent triangles around a centre, as egui fills a circle.
        let (mut canvas, textures) = white();
        let mut mesh = Mesh::with_texture(ATLAS);
        let colour = Color32::from_rgba_premultiplied(0, 100, 0, 100);
        let centre = pos2(31.3, 23.7);
        mesh.colored_vertex(centre, colour);
        let n = 37;
        for k in 0..=n {
            let a = k as f32 / n as f32 * std::f32::consts::TAU;
            mesh.colored_vertex(centre + 20.0 * egui::vec2(a.cos(), a.sin()), colour);
        }
        for k in 1..=n {
            mesh.add_triangle(0, k, k + 1);
        }
        canvas.draw(&[prim(everywhere(), mesh)], &textures, 1.0);
        let once = blend(pack(BG), colour.to_array().map(f32::from));
        let painted = count(&canvas, once);
        let area = std::f32::consts::PI * 400.0;
        assert!((painted as f32 - area).abs() < 0.03 * area, "{painted} pixels for {area}");
        // Anything else painted would be a pixel blended twice.
        assert_eq!(count(&canvas, once) + count(&canvas, pack(BG)), canvas.pixels.len());
    }

    #[test]
    fn the_clip_rectangle_bounds_what_is_painted() {
        let (mut canvas, textures) = white();
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(40.0, 40.0));
        let clip = Rect::from_min_max(pos2(5.4, 6.6), pos2(12.5, 20.0));
        canvas.draw(&[prim(clip, rect_mesh(rect, Color32::BLUE))], &textures, 1.0);
        // Rounded as egui_glow rounds its scissor: x 5..13 (12.5 rounds away), y 7..20.
        assert_eq!(count(&canvas, pack(Color32::BLUE)), 8 * 13);
        assert_eq!(at(&canvas, 5, 7), pack(Color32::BLUE));
        assert_eq!(at(&canvas, 4, 7), pack(BG));
        assert_eq!(at(&canvas, 5, 6), pack(BG));
    }

    #[test]
    fn points_are_scaled_to_pixels() {
        let (mut canvas, textures) = white();
        let rect = Rect::from_min_max(pos2(2.0, 3.0), pos2(7.0, 8.0));
        canvas.draw(&[prim(everywhere(), rect_mesh(rect, Color32::RED))], &textures, 2.0);
        assert_eq!(count(&canvas, pack(Color32::RED)), 10 * 10);
        assert_eq!(at(&canvas, 4, 6), pack(Color32::RED));
        assert_eq!(at(&canvas, 13, 15), pack(Color32::RED));
        assert_eq!(at(&canvas, 14, 15), pack(BG));
    }

    #[test]
    fn texels_are_sampled_and_multiplied_by_the_vertex_colour() {
        let texels = [Color32::WHITE, Color32::RED, Color32::GREEN, Color32::from_rgba_premultiplied(0, 0, 100, 100)];
        let (mut canvas, textures) = setup(texels);
        let mut mesh = Mesh::with_texture(ATLAS);
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(20.0, 20.0));
        let grey = Color32::from_gray(128);
        mesh.add_rect_with_uv(rect, Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)), grey);
        canvas.draw(&[prim(everywhere(), mesh)], &textures, 1.0);
        assert_eq!(at(&canvas, 2, 2), pack(grey));
        assert_eq!(at(&canvas, 17, 2), pack(Color32::from_rgb(128, 0, 0)));
        assert_eq!(at(&canvas, 2, 17), pack(Color32::from_rgb(0, 128, 0)));
        // Grey (opaque) times the texel: 50.2 of blue at alpha 100, over
        // BG: BG * (1 - 100/255) plus (0, 0, 50.2).
        assert_eq!(at(&canvas, 17, 17), pack(Color32::from_rgb(6, 12, 68)));
    }

    #[test]
    fn colours_are_interpolated_across_a_triangle() {
        let (mut canvas, textures) = white();
        let mut mesh = Mesh::with_texture(ATLAS);
        for (x, colour) in [(0.0, Color32::BLACK), (64.0, Color32::from_gray(255))] {
            mesh.colored_vertex(pos2(x, 0.0), colour);
            mesh.colored_vertex(pos2(x, 48.0), colour);
        }
        mesh.add_triangle(0, 1, 2);
        mesh.add_triangle(1, 2, 3);
        canvas.draw(&[prim(everywhere(), mesh)], &textures, 1.0);
        for x in [0, 16, 31, 63] {
            // The pixel centre's share of the way from black to white.
            let expected = ((x as f32 + 0.5) / 64.0 * 255.0).round() as u32;
            assert_eq!(at(&canvas, x, 24) & 0xff, expected, "x {x}");
        }
    }

    #[test]
    fn a_patch_changes_part_of_a_texture_and_a_freed_texture_is_not_drawn() {
        let (mut canvas, mut textures) = white();
        let mut delta = TexturesDelta::default();
        let patch = ColorImage::new([1, 1], vec![Color32::RED]);
        delta.push(ATLAS, ImageDelta::partial([1, 1], patch, TextureOptions::LINEAR));
        textures.set(&delta);
        delta.clear();
        let mut mesh = Mesh::with_texture(ATLAS);
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(20.0, 20.0));
        mesh.add_rect_with_uv(rect, Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)), Color32::WHITE);
        canvas.draw(&[prim(everywhere(), mesh.clone())], &textures, 1.0);
        assert_eq!(at(&canvas, 2, 2), pack(Color32::WHITE));
        assert_eq!(at(&canvas, 17, 17), pack(Color32::RED));

        canvas.fill(canvas.whole(), BG);
        let mut free = TexturesDelta::default();
        free.free(ATLAS);
        textures.free(&free);
        free.clear();
        canvas.draw(&[prim(everywhere(), mesh)], &textures, 1.0);
        assert_eq!(count(&canvas, pack(BG)), canvas.pixels.len());
    }
}
