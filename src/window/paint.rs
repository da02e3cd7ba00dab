//! What the runner asks of a renderer: paint a frame's damaged regions and
//! present them. Two renderers do it: OpenGL (`gl`, egui_glow) where there
//! is a GPU, and the CPU (`cpu`, softbuffer) where OpenGL would only be
//! Mesa's software rasteriser, whose LLVM alone outweighs the whole app.

use egui::epaint::ClippedShape;
use egui::{Color32, TexturesDelta};
use egui_winit::winit;
use std::sync::Arc;
use winit::dpi::PhysicalSize;
use winit::event_loop::ActiveEventLoop;

use winit::window::{Window, WindowAttributes};

use super::choice::Backend;
use super::damage::Damage;
use super::{cpu, gl};

/// One frame of egui's output, and what of it to paint.
pub struct Frame<'a> {
    pub ctx: &'a egui::Context,
    pub shapes: Vec<ClippedShape>,
    pub textures: TexturesDelta,
    /// Pixels per point.
    pub ppp: f32,
    /// The window in pixels.
    pub size: [u32; 2],
    pub damage: Damage,
    pub background: Color32,
    /// Show the whole window even if only regions were painted: an X11
    /// expose can arrive merged with a frame the app asked for.
    pub present_whole: bool,
}

/// A renderer of frames into one window.
pub trait Paint {
    /// Frames can paint and present part of the window.
    fn partial(&self) -> bool;
    /// The widest and tallest texture the renderer takes.
    fn max_texture_side(&self) -> usize;
    fn resize(&mut self, size: PhysicalSize<u32>);
    /// Paints and presents `frame`'s damage; returns the pixels painted.
    fn paint(&mut self, frame: Frame<'_>) -> Result<u64, String>;
    /// Frees what the renderer holds in the window system (before the window closes).
    fn destroy(&mut self);
}

/// The window, its renderer and the renderer's name (GL_RENDERER, e.g.
/// "llvmpipe (LLVM 15.0.6, 256 bits)", or the CPU renderer's).
pub type Opened = (Arc<Window>, Box<dyn Paint>, String);

/// Opens a window with `attributes` and `backend`'s renderer for it.
pub fn open(backend: Backend, event_loop: &ActiveEventLoop, attributes: WindowAttributes) -> Result<Opened, String> {
    match backend {
        Backend::Gl => {
            gl::Gl::open(event_loop, attributes).map(|(w, gl, name)| (w, Box::new(gl) as Box<dyn Paint>, name))
        }
        Backend::Cpu => cpu::Cpu::open(event_loop, attributes)
            .map(|(w, cpu)| (w, Box::new(cpu) as Box<dyn Paint>, cpu::NAME.into())),
    }
}
