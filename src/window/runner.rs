//! The app's window: winit, glutin and egui_glow, in place of eframe's
//! runner. eframe clears and presents the whole window on every frame, and
//! under software GL (Mesa's llvmpipe: virtual machines, remote desktops,
//! old laptops) every pixel of that costs CPU. Here `damage::Tracker` says
//! what a frame changed and, where the driver can present part of the back
//! buffer (GLX_MESA_copy_sub_buffer), only those rectangles are cleared,
//! painted and presented; a frame that changed nothing paints nothing.
//! Elsewhere (EGL, Wayland) every frame is painted whole and swapped.

use std::ffi::{CStr, c_void};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Color32, ViewportBuilder, ViewportId, ViewportInfo};
use egui_winit::accesskit_winit;
use egui_winit::winit;
use glow::HasContext as _;
use glutin::context::{ContextApi, ContextAttributesBuilder, NotCurrentGlContext as _, PossiblyCurrentContext};
use glutin::display::{AsRawDisplay as _, GetDisplayExtensions as _, GetGlDisplay as _, GlDisplay as _, RawDisplay};
use glutin::surface::{
    AsRawSurface as _, GlSurface as _, RawSurface, Surface, SurfaceAttributesBuilder, WindowSurface,
};
use winit::application::ApplicationHandler;
use winit::event::{StartCause, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop, EventLoopProxy};
use winit::raw_window_handle::HasWindowHandle as _;
use winit::window::{Window, WindowId};

use super::damage::{self, Damage};

/// What the window runs.
pub trait WindowApp {
    /// Draws one frame.
    fn ui(&mut self, ui: &mut egui::Ui);
    /// The window's background, under everything drawn.
    fn background(&self) -> Color32;
    /// The frame just drawn cleared, painted and presented this many pixels.
    fn painted(&mut self, pixels: u64);
    /// The window is closing.
    fn on_exit(&mut self);
}

/// What the app may want to know about the GL driver.
pub struct Renderer {
    /// GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)" when every pixel is drawn by the CPU.
    pub name: String,
}

/// Opens the window and runs `make`'s app in it until the window closes.
pub fn run<A: WindowApp, F: FnOnce(&Renderer) -> A>(viewport: ViewportBuilder, make: F) -> Result<(), String> {
    let event_loop = EventLoop::<UserEvent>::with_user_event().build().map_err(|e| e.to_string())?;
    let mut runner =
        Runner { proxy: event_loop.create_proxy(), viewport, make: Some(make), running: None, error: None };
    event_loop.run_app(&mut runner).map_err(|e| e.to_string())?;
    runner.error.map_or(Ok(()), Err)
}

/// Whether the window goes on after a frame.
enum Flow {
    Continue,
    /// The app asked to close the window.
    Close,
}

enum UserEvent {
    /// egui asked for a frame at `when`, during or after pass `pass`.
    Repaint {
        when: Instant,
        pass: u64,
    },
    AccessKit(accesskit_winit::Event),
}

impl From<accesskit_winit::Event> for UserEvent {
    fn from(event: accesskit_winit::Event) -> Self {
        Self::AccessKit(event)
    }
}

struct Runner<A, F> {
    proxy: EventLoopProxy<UserEvent>,
    viewport: ViewportBuilder,
    make: Option<F>,
    running: Option<Running<A>>,
    error: Option<String>,
}

struct Running<A> {
    app: A,
    gl: Gl,
    painter: egui_glow::Painter,
    state: egui_winit::State,
    info: ViewportInfo,
    damage: damage::Tracker,
    /// When the next frame is due, if one was asked for.
    next_frame: Option<Instant>,
    /// The last time the whole back buffer was presented.
    presented_whole: Instant,
    /// The next redraw is one this runner asked for; any other (an expose)
    /// repaints the whole window.
    asked: bool,
    /// The window is shown once its first frame is painted.
    shown: bool,
    // Dropped last: the GL objects above belong to this window.
    window: Window,
}

/// egui's font atlas is as wide as the largest texture the driver allows
/// (16384 pixels under llvmpipe) and doubles in height as glyphs arrive.
/// egui's own portable default width is used instead, so the atlas starts
/// small (2048 × 32). Measured, it makes no difference to peak memory
/// that shows (117 MiB against eframe's 118 in the same sitting).
const FONT_ATLAS_WIDTH: usize = 2048;

/// An X11 expose can arrive merged with a frame the app asked for; the
/// whole back buffer (always complete) is presented this often anyway.
const PRESENT_WHOLE_EVERY: Duration = Duration::from_secs(1);

impl<A: WindowApp, F: FnOnce(&Renderer) -> A> ApplicationHandler<UserEvent> for Runner<A, F> {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        let Some(make) = self.make.take() else { return };
        match Running::open(event_loop, &self.viewport, &self.proxy, make) {
            Ok(running) => self.running = Some(running),
            Err(e) => {
                self.error = Some(e);
                event_loop.exit();
            }
        }
    }

    fn new_events(&mut self, _event_loop: &ActiveEventLoop, cause: StartCause) {
        if let (StartCause::ResumeTimeReached { .. }, Some(running)) = (cause, self.running.as_mut())
            && running.next_frame.is_some_and(|when| when <= Instant::now())
        {
            // Taken here, so that `about_to_wait` does not ask for it again.
            running.next_frame = None;
            running.redraw();
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let Some(running) = self.running.as_mut() else { return };
        match &event {
            WindowEvent::CloseRequested | WindowEvent::Destroyed => {
                running.close();
                self.running = None;
                event_loop.exit();
                return;
            }
            WindowEvent::RedrawRequested => {
                let flow = running.frame(event_loop);
                if !matches!(flow, Ok(Flow::Continue)) {
                    self.error = flow.err();
                    running.close();
                    self.running = None;
                    event_loop.exit();
                }
                return;
            }
            WindowEvent::Resized(size) => {
                running.gl.resize(*size);
                running.damage.invalidate();
            }
            WindowEvent::ScaleFactorChanged { .. } | WindowEvent::Occluded(false) => running.damage.invalidate(),
            _ => {}
        }
        if running.state.on_window_event(&running.window, &event).repaint {
            running.redraw();
        }
    }

    fn user_event(&mut self, _event_loop: &ActiveEventLoop, event: UserEvent) {
        let Some(running) = self.running.as_mut() else { return };
        match event {
            UserEvent::Repaint { when, pass } => {
                let done = running.state.egui_ctx().cumulative_pass_nr();
                // A request from before the last frame was painted is already met.
                if done == pass || done == pass + 1 {
                    running.next_frame = Some(running.next_frame.map_or(when, |t| t.min(when)));
                }
            }
            UserEvent::AccessKit(event) => match event.window_event {
                accesskit_winit::WindowEvent::InitialTreeRequested => {
                    running.state.egui_ctx().enable_accesskit();
                    running.redraw();
                }
                accesskit_winit::WindowEvent::ActionRequested(request) => {
                    running.state.on_accesskit_action_request(request);
                    running.redraw();
                }
                accesskit_winit::WindowEvent::AccessibilityDeactivated => running.state.egui_ctx().disable_accesskit(),
            },
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        let Some(running) = self.running.as_mut() else {
            event_loop.set_control_flow(ControlFlow::Wait);
            return;
        };
        match running.next_frame {
            Some(when) if when <= Instant::now() => {
                running.next_frame = None;
                running.redraw();
                event_loop.set_control_flow(ControlFlow::Wait);
            }
            Some(when) => event_loop.set_control_flow(ControlFlow::WaitUntil(when)),
            None => event_loop.set_control_flow(ControlFlow::Wait),
        }
    }
}

impl<A: WindowApp> Running<A> {
    fn open<F: FnOnce(&Renderer) -> A>(
        event_loop: &ActiveEventLoop,
        viewport: &ViewportBuilder,
        proxy: &EventLoopProxy<UserEvent>,
        make: F,
    ) -> Result<Self, String> {
        let ctx = egui::Context::default();
        // Shown once there is something in it.
        let attributes = egui_winit::create_winit_window_attributes(&ctx, viewport.clone()).with_visible(false);
        let (window, gl) = Gl::open(event_loop, attributes)?;
        egui_winit::apply_viewport_builder_to_window(&ctx, &window, viewport);
        let painter = egui_glow::Painter::new(Arc::clone(&gl.glow), "", None, false).map_err(|e| e.to_string())?;
        // SAFETY: a plain query on the context just made current.
        let renderer = Renderer { name: unsafe { gl.glow.get_parameter_string(glow::RENDERER) } };
        let mut state = egui_winit::State::new(
            ctx.clone(),
            ViewportId::ROOT,
            event_loop,
            Some(window.scale_factor() as f32),
            event_loop.system_theme(),
            Some(painter.max_texture_side().min(FONT_ATLAS_WIDTH)),
        );
        state.init_accesskit(event_loop, &window, proxy.clone());
        let repaints = egui::mutex::Mutex::new(proxy.clone());
        ctx.set_request_repaint_callback(move |info| {
            let when = Instant::now() + info.delay.min(Duration::from_secs(3600));
            // The event loop has gone when the window is closing; nothing is left to repaint.
            let _ = repaints.lock().send_event(UserEvent::Repaint { when, pass: info.current_cumulative_pass_nr });
        });
        let app = make(&renderer);
        let mut info = ViewportInfo::default();
        egui_winit::update_viewport_info(&mut info, &ctx, &window, true);
        window.request_redraw();
        Ok(Self {
            app,
            gl,
            painter,
            state,
            info,
            damage: damage::Tracker::new(),
            next_frame: None,
            presented_whole: Instant::now(),
            asked: true,
            shown: false,
            window,
        })
    }

    /// Asks for a frame.
    fn redraw(&mut self) {
        self.asked = true;
        self.window.request_redraw();
    }

    /// Runs the app for one frame and paints what changed.
    fn frame(&mut self, event_loop: &ActiveEventLoop) -> Result<Flow, String> {
        if !std::mem::take(&mut self.asked) {
            self.damage.invalidate();
        }
        egui_winit::update_viewport_info(&mut self.info, self.state.egui_ctx(), &self.window, false);
        let mut input = self.state.take_egui_input(&self.window);
        input.viewports.insert(ViewportId::ROOT, self.info.clone());
        let ctx = self.state.egui_ctx().clone();
        let output = ctx.run_ui(input, |ui| self.app.ui(ui));
        self.state.handle_platform_output_with_event_loop(&self.window, event_loop, output.platform_output);
        for (_, viewport) in output.viewport_output {
            let mut actions = Vec::new();
            egui_winit::process_viewport_commands(&ctx, &mut self.info, viewport.commands, &self.window, &mut actions);
        }
        if self.info.events.drain(..).any(|e| e == egui::ViewportEvent::Close) {
            return Ok(Flow::Close);
        }

        let size: [u32; 2] = self.window.inner_size().into();
        let ppp = output.pixels_per_point;
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0] as f32, size[1] as f32) / ppp);
        let mut textures = output.textures_delta;
        if !textures.set.is_empty() || !self.gl.partial() {
            self.damage.invalidate();
        }
        let background = self.app.background().to_normalized_gamma_f32();
        let mut painted = 0;
        match self.damage.damage(&output.shapes, screen) {
            // Textures may still be freed.
            Damage::Nothing => self.painter.paint_and_update_textures(size, ppp, &[], &mut textures),
            Damage::Full => {
                egui_glow::painter::clear(&self.gl.glow, size, background);
                let primitives = ctx.tessellate(output.shapes, ppp);
                self.painter.paint_and_update_textures(size, ppp, &primitives, &mut textures);
                self.present(None, size)?;
                painted = u64::from(size[0]) * u64::from(size[1]);
            }
            Damage::Regions(regions) => {
                for region in regions {
                    let (region, px) = damage::on_pixels(region, ppp, size);
                    self.gl.clear_within(px, background);
                    let primitives = ctx.tessellate(damage::within(output.shapes.clone(), region), ppp);
                    self.painter.paint_and_update_textures(size, ppp, &primitives, &mut textures);
                    self.present(Some(px), size)?;
                    painted += (px[2].max(0) as u64) * (px[3].max(0) as u64);
                }
            }
        }
        self.app.painted(painted);
        if !self.shown {
            self.shown = true;
            self.window.set_visible(true);
        }
        Ok(Flow::Continue)
    }

    /// Shows the back buffer: the whole of it, or the pixel rectangle `part`
    /// (x, y from the bottom, width, height).
    fn present(&mut self, part: Option<[i32; 4]>, size: [u32; 2]) -> Result<(), String> {
        self.window.pre_present_notify();
        let whole = [0, 0, size[0] as i32, size[1] as i32];
        let part = match part {
            Some(_) if self.presented_whole.elapsed() > PRESENT_WHOLE_EVERY => whole,
            Some(p) => p,
            None => whole,
        };
        if part == whole {
            self.presented_whole = Instant::now();
        }
        self.gl.present(part)
    }

    fn close(&mut self) {
        self.app.on_exit();
        self.painter.destroy();
    }
}

/// glXCopySubBufferMESA(display, drawable, x, y, width, height).
type CopySubBuffer = unsafe extern "C" fn(*const c_void, u64, i32, i32, i32, i32);

/// The GL context, its window surface and how to present part of it.
struct Gl {
    glow: Arc<glow::Context>,
    context: PossiblyCurrentContext,
    surface: Surface<WindowSurface>,
    /// Present part of the back buffer, keeping the back buffer as it is.
    copy_sub: Option<(CopySubBuffer, *const c_void, u64)>,
}

impl Gl {
    fn open(
        event_loop: &ActiveEventLoop,
        attributes: winit::window::WindowAttributes,
    ) -> Result<(Window, Self), String> {
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
        Ok((window, Self { glow, context, surface, copy_sub }))
    }

    /// Frames can paint part of the window.
    fn partial(&self) -> bool {
        self.copy_sub.is_some()
    }

    fn resize(&self, size: winit::dpi::PhysicalSize<u32>) {
        if let (Some(w), Some(h)) = (NonZeroU32::new(size.width), NonZeroU32::new(size.height)) {
            self.surface.resize(&self.context, w, h);
        }
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
