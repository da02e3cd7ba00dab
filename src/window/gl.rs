//! The OpenGL renderer: glutin's context and egui_glow's painter. Where the
//! driver can present part of the back buffer (GLX_MESA_copy_sub_buffer,
//! which Mesa offers under X11), only the damaged rectangles are cleared,
//! painted and presented; elsewhere (EGL, Wayland) every frame is painted
//! whole and swapped.

use std::ffi::{CStr, c_void};
use std::num::NonZeroU32;
use std::sync::Arc;

use egui_winit::winit;
use glow::HasContext as _;
use glutin::context::{ContextApi, ContextAttributesBuilder, NotCurrentGlContext as _, PossiblyCurrentContext};
use glutin::display::{AsRawDisplay as _, GetDisplayExtensions as _, GetGlDisplay as _, GlDisplay as _, RawDisplay};
use glutin::surface::{
    AsRawSurface as _, GlSurface as _, RawSurface, Surface, SurfaceAttributesBuilder, WindowSurface,
};
use winit::dpi::PhysicalSize;
use winit::event_loop::ActiveEventLoop;
use winit::raw_window_handle::HasWindowHandle as _;
use winit::window::Window;

use super::damage::{self, Damage};
use super::paint::{Frame, Paint};

/// glXCopySubBufferMESA(display, drawable, x, y, width, height).
type CopySubBuffer = unsafe extern "C" fn(*const c_void, u64, i32, i32, i32, i32);

/// The GL context, its window surface, how to present part of it, and egui's painter.
pub struct Gl {
    painter: egui_glow::Painter,
    glow: Arc<glow::Context>,
    context: PossiblyCurrentContext,
    surface: Surface<WindowSurface>,
    /// Present part of the back buffer, keeping the back buffer as it is.
    copy_sub: Option<(CopySubBuffer, *const c_void, u64)>,
}

impl Gl {
    /// Opens a window with an OpenGL context; also returns GL_RENDERER.
    pub fn open(
        event_loop: &ActiveEventLoop,
        attributes: winit::window::WindowAttributes,
    ) -> Result<(Arc<Window>, Self, String), String> {
        let template = glutin::config::ConfigTemplateBuilder::new()
            .prefer_hardware_accelerated(None)
            .with_depth_size(0)
            .with_stencil_size(0)
            .with_transparency(false);
        let builder = glutin_winit::DisplayBuilder::new()
            .with_preference(glutin_winit::ApiPreference::FallbackEgl)
            .with_window_attributes(Some(attributes.clone()));
        // glutin's picker must return a configuration; GLX and EGL report an
        // empty list as an error first, and should one not, that is caught here.
        let picked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            builder.build(event_loop, template, |mut configs| configs.next().unwrap_or_else(|| panic!("no GL config")))
        }));
        let (window, config) = picked
            .map_err(|_| "the OpenGL driver offers no configuration for a window".to_string())?
            .map_err(|e| format!("no OpenGL configuration: {e}"))?;
        let display = config.display();
        let raw_window = window.as_ref().and_then(|w| w.window_handle().ok()).map(|h| h.as_raw());
        let attempts = [
            ContextAttributesBuilder::new().build(raw_window),
            ContextAttributesBuilder::new().with_context_api(ContextApi::Gles(None)).build(raw_window),
        ];
        // SAFETY: the window handle is valid: the window lives as long as the context (see `Running`).
        let context = attempts
            .iter()
            .find_map(|a| unsafe { display.create_context(&config, a) }.ok())
            .ok_or("could not create an OpenGL context")?;
        let window = match window {
            Some(w) => w,
            None => glutin_winit::finalize_window(event_loop, attributes, &config).map_err(|e| e.to_string())?,
        };
        let (w, h): (u32, u32) = window.inner_size().into();
        let handle = window.window_handle().map_err(|e| e.to_string())?.as_raw();
        let surface_attributes = SurfaceAttributesBuilder::<WindowSurface>::new().build(
            handle,
            NonZeroU32::new(w).unwrap_or(NonZeroU32::MIN),
            NonZeroU32::new(h).unwrap_or(NonZeroU32::MIN),
        );
        // SAFETY: as above, the window outlives the surface.
        let surface =
            unsafe { display.create_window_surface(&config, &surface_attributes) }.map_err(|e| e.to_string())?;
        let context = context.make_current(&surface).map_err(|e| e.to_string())?;
        // SAFETY: the loader returns GL entry points of the context just made current.
        let glow =
            Arc::new(unsafe { glow::Context::from_loader_function_cstr(|name: &CStr| display.get_proc_address(name)) });
        let copy_sub = match (&display, display.raw_display(), surface.raw_surface()) {
            (glutin::display::Display::Glx(glx), RawDisplay::Glx(dpy), RawSurface::Glx(drawable)) => {
                let f = display.get_proc_address(c"glXCopySubBufferMESA");
                let has = glx.extensions().contains("GLX_MESA_copy_sub_buffer");
                // SAFETY: a non-null address of glXCopySubBufferMESA has this signature.
                (has && !f.is_null())
                    .then(|| (unsafe { std::mem::transmute::<*const c_void, CopySubBuffer>(f) }, dpy, drawable))
            }
            _ => None,
        };
        let painter = egui_glow::Painter::new(Arc::clone(&glow), "", None, false).map_err(|e| e.to_string())?;
        // SAFETY: a plain query on the context just made current.
        let name = unsafe { glow.get_parameter_string(glow::RENDERER) };
        Ok((Arc::new(window), Self { painter, glow, context, surface, copy_sub }, name))
    }

    /// Clears the pixel rectangle `[x, y, w, h]` to `colour`.
    fn clear_within(&self, [x, y, w, h]: [i32; 4], colour: [f32; 4]) {
        // SAFETY: plain GL state calls on the current context.
        unsafe {
            self.glow.enable(glow::SCISSOR_TEST);
            self.glow.scissor(x, y, w, h);
            self.glow.clear_color(colour[0], colour[1], colour[2], colour[3]);
            self.glow.clear(glow::COLOR_BUFFER_BIT);
        }
    }

    /// Shows the pixel rectangle `[x, y, w, h]` (y from the bottom) of the back buffer.
    fn present(&self, [x, y, w, h]: [i32; 4]) -> Result<(), String> {
        match self.copy_sub {
            // SAFETY: display and drawable belong to the current context's surface.
            Some((copy, dpy, drawable)) => unsafe {
                self.glow.flush();
                copy(dpy, drawable, x, y, w, h);
                Ok(())
            },
            None => self.surface.swap_buffers(&self.context).map_err(|e| e.to_string()),
        }
    }
}

impl Paint for Gl {
    fn partial(&self) -> bool {
        self.copy_sub.is_some()
    }

    fn max_texture_side(&self) -> usize {
        self.painter.max_texture_side()
    }

    fn resize(&mut self, size: PhysicalSize<u32>) {
        if let (Some(w), Some(h)) = (NonZeroU32::new(size.width), NonZeroU32::new(size.height)) {
            self.surface.resize(&self.context, w, h);
        }
    }

    fn paint(&mut self, frame: Frame<'_>) -> Result<u64, String> {
        let Frame { ctx, shapes, mut textures, ppp, size, damage, background, present_whole } = frame;
        let background = background.to_normalized_gamma_f32();
        let whole = [0, 0, size[0] as i32, size[1] as i32];
        match damage {
            // Textures may still be freed.
            Damage::Nothing => {
                self.painter.paint_and_update_textures(size, ppp, &[], &mut textures);
                Ok(0)
            }
            Damage::Full => {
                egui_glow::painter::clear(&self.glow, size, background);
                let primitives = ctx.tessellate(shapes, ppp);
                self.painter.paint_and_update_textures(size, ppp, &primitives, &mut textures);
                self.present(whole)?;
                Ok(u64::from(size[0]) * u64::from(size[1]))
            }
            Damage::Regions(regions) => {
                let mut painted = 0;
                let mut parts = Vec::with_capacity(regions.len());
                for region in regions {
                    let (region, px) = damage::on_pixels(region, ppp, size);
                    self.clear_within(px, background);
                    let primitives = ctx.tessellate(damage::within(shapes.clone(), region), ppp);
                    self.painter.paint_and_update_textures(size, ppp, &primitives, &mut textures);
                    parts.push(px);
                    painted += (px[2].max(0) as u64) * (px[3].max(0) as u64);
                }
                if present_whole {
                    parts = vec![whole];
                }
                for part in parts {
                    self.present(part)?;
                }
                Ok(painted)
            }
        }
    }

    fn destroy(&mut self) {
        self.painter.destroy();
    }
}
