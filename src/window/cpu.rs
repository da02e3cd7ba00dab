//! The CPU renderer: egui's meshes drawn by `raster` into a canvas kept
//! from frame to frame, and the damaged rectangles of it presented with
//! softbuffer (X11 shared memory, or Wayland shm). No OpenGL library is
//! loaded, so none of Mesa or LLVM is mapped into the process.

use std::num::NonZeroU32;
use std::sync::Arc;

use egui_winit::winit;
use winit::dpi::PhysicalSize;
use winit::event_loop::ActiveEventLoop;
use winit::window::{Window, WindowAttributes};

use super::damage::{self, Damage};
use super::paint::{Frame, Paint};
use super::raster::{Canvas, PixelRect, Textures};

/// How the CPU renderer names itself in the first-frame report.
pub const NAME: &str = "Respite's CPU rasteriser (softbuffer)";

/// The window's surface, the canvas painted into and egui's textures.
pub struct Cpu {
    surface: softbuffer::Surface<Arc<Window>, Arc<Window>>,
    canvas: Canvas,
    textures: Textures,
}

impl Cpu {
    pub fn open(event_loop: &ActiveEventLoop, attributes: WindowAttributes) -> Result<(Arc<Window>, Self), String> {
        let window = Arc::new(event_loop.create_window(attributes).map_err(|e| e.to_string())?);
        let context = softbuffer::Context::new(Arc::clone(&window))
            .map_err(|e| format!("could not reach the display for drawing: {e}"))?;
        let surface = softbuffer::Surface::new(&context, Arc::clone(&window))
            .map_err(|e| format!("could not make the window's drawing surface: {e}"))?;
        let mut cpu = Self { surface, canvas: Canvas::new(0, 0), textures: Textures::default() };
        cpu.resize(window.inner_size());
        Ok((window, cpu))
    }

    /// Copies `parts` of the canvas (all of it if the buffer holds an older
    /// frame than the last) to the window's buffer, and shows `shown`.
    fn present(&mut self, parts: &[PixelRect], shown: &[PixelRect]) -> Result<(), String> {
        let mut buffer = self.surface.buffer_mut().map_err(|e| e.to_string())?;
        let width = self.canvas.width;
        if buffer.len() != self.canvas.pixels.len() {
            return Err(format!("the window's buffer holds {} pixels, not {}", buffer.len(), self.canvas.pixels.len()));
        }
        // X11 keeps one buffer (age 1 once shown); Wayland may hand back an older one.
        let whole = [self.canvas.whole()];
        for rect in if buffer.age() == 1 { parts } else { &whole } {
            for y in rect.y0..rect.y1 {
                let row = y * width;
                buffer[row + rect.x0..row + rect.x1].copy_from_slice(&self.canvas.pixels[row + rect.x0..row + rect.x1]);
            }
        }
        let damage: Vec<softbuffer::Rect> = shown
            .iter()
            .filter_map(|r| {
                Some(softbuffer::Rect {
                    x: r.x0 as u32,
                    y: r.y0 as u32,
                    width: NonZeroU32::new((r.x1 - r.x0) as u32)?,
                    height: NonZeroU32::new((r.y1 - r.y0) as u32)?,
                })
            })
            .collect();
        buffer.present_with_damage(&damage).map_err(|e| e.to_string())
    }
}

impl Paint for Cpu {
    fn partial(&self) -> bool {
        true
    }

    fn max_texture_side(&self) -> usize {
        usize::MAX
    }

    fn resize(&mut self, size: PhysicalSize<u32>) {
        let (w, h) = (size.width.max(1), size.height.max(1));
        if (w as usize, h as usize) == (self.canvas.width, self.canvas.height) {
            return;
        }
        // A failed resize shows in the next present, which reports it.
        if let (Some(nw), Some(nh)) = (NonZeroU32::new(w), NonZeroU32::new(h))
            && self.surface.resize(nw, nh).is_ok()
        {
            self.canvas = Canvas::new(w as usize, h as usize);
        }
    }

    fn paint(&mut self, frame: Frame<'_>) -> Result<u64, String> {
        let Frame { ctx, shapes, mut textures, ppp, size, damage, background, present_whole } = frame;
        self.resize(PhysicalSize::new(size[0], size[1]));
        self.textures.set(&textures);
        let whole = self.canvas.whole();
        let parts = match damage {
            Damage::Nothing => Vec::new(),
            Damage::Full => {
                self.canvas.fill(whole, background);
                self.canvas.draw(&ctx.tessellate(shapes, ppp), &self.textures, ppp);
                vec![whole]
            }
            Damage::Regions(regions) => {
                let mut parts = Vec::with_capacity(regions.len());
                for region in regions {
                    let (region, [x, y, w, h]) = damage::on_pixels(region, ppp, size);
                    let y0 = size[1] as i32 - y - h;
                    let part =
                        PixelRect { x0: x as usize, y0: y0 as usize, x1: (x + w) as usize, y1: (y0 + h) as usize };
                    self.canvas.fill(part, background);
                    self.canvas.draw(&ctx.tessellate(damage::within(shapes.clone(), region), ppp), &self.textures, ppp);
                    parts.push(part);
                }
                parts
            }
        };
        self.textures.free(&textures);
        // Applied: egui asserts (in debug builds) that no delta is dropped unapplied.
        textures.clear();
        if parts.is_empty() {
            return Ok(0);
        }
        let shown = if present_whole { vec![whole] } else { parts.clone() };
        self.present(&parts, &shown)?;
        Ok(parts.iter().map(PixelRect::area).sum())
    }

    fn destroy(&mut self) {}
}
