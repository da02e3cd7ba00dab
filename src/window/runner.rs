//! The app's window: winit and egui-winit with a renderer of our own
//! choosing, in place of eframe's runner. eframe clears and presents the
//! whole window on every frame, and without a GPU (virtual machines,
//! remote desktops, old laptops) every pixel of that costs CPU. Here
//! `damage::Tracker` says what a frame changed and, where the renderer can
//! present part of the window, only those rectangles are cleared, painted
//! and presented; a frame that changed nothing paints nothing. The
//! renderer is OpenGL where there is a GPU and the CPU otherwise
//! (`choice`), so that Mesa's software OpenGL is never loaded.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Color32, ViewportBuilder, ViewportId, ViewportInfo};
use egui_winit::accesskit_winit;
use egui_winit::winit;
use winit::application::ApplicationHandler;
use winit::event::{StartCause, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop, EventLoopProxy};
use winit::window::{Window, WindowId};

use super::choice::{self, Backend, Choice};
use super::damage::{self, Damage};
use super::paint::{self, Frame, Paint};

/// What the window runs.
pub trait WindowApp {
    /// Draws one frame.
    fn ui(&mut self, ui: &mut egui::Ui);
    /// The window's background, under everything drawn.
    fn background(&self) -> Color32;
    /// The frame just drawn cleared, painted and presented this many pixels.
    fn painted(&mut self, pixels: u64);
    /// The user asked to close the window: true to close now; false keeps
    /// it open (the app asks first, and closes later by a viewport command).
    fn may_close(&mut self) -> bool;
    /// The window is closing.
    fn on_exit(&mut self);
}

/// What the app may want to know about the renderer.
pub struct Renderer {
    /// GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)" when every
    /// pixel is drawn by the CPU, or the CPU renderer's name.
    pub name: String,
}

/// Opens the window and runs `make`'s app in it until the window closes.
/// The renderer is `RESPITE_RENDERER`'s (`cpu`, `gl`, or `auto`: see `choice`).
pub fn run<A: WindowApp, F: FnOnce(&Renderer) -> A>(viewport: ViewportBuilder, make: F) -> Result<(), String> {
    let choice = choice::choose(std::env::var(choice::ENV).ok().as_deref(), choice::Machine::probe());
    if let Some(warning) = &choice.warning {
        eprintln!("respite: {warning}");
    }
    let event_loop = EventLoop::<UserEvent>::with_user_event().build().map_err(|e| e.to_string())?;
    let mut runner =
        Runner { proxy: event_loop.create_proxy(), viewport, choice, make: Some(make), running: None, error: None };
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
    choice: Choice,
    make: Option<F>,
    running: Option<Running<A>>,
    error: Option<String>,
}

struct Running<A> {
    app: A,
    painter: Box<dyn Paint>,
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
    // Dropped last: the renderer above draws into this window.
    window: Arc<Window>,
}

/// egui's font atlas is as wide as the largest texture the driver allows
/// (16384 pixels under llvmpipe) and doubles in height as glyphs arrive.
/// egui's own portable default width is used instead, so the atlas starts
/// small (2048 × 32). Measured, it makes no difference to peak memory
/// that shows (117 MiB against eframe's 118 in the same sitting).
const FONT_ATLAS_WIDTH: usize = 2048;

/// An X11 expose can arrive merged with a frame the app asked for; the
/// whole window (always complete in the back buffer or canvas) is
/// presented this often anyway.
const PRESENT_WHOLE_EVERY: Duration = Duration::from_secs(1);

impl<A: WindowApp, F: FnOnce(&Renderer) -> A> ApplicationHandler<UserEvent> for Runner<A, F> {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        let Some(make) = self.make.take() else { return };
        match Running::open(event_loop, &self.viewport, &self.choice, &self.proxy, make) {
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
            WindowEvent::CloseRequested if !running.app.may_close() => {
                running.redraw();
                return;
            }
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
                running.painter.resize(*size);
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
        choice: &Choice,
        proxy: &EventLoopProxy<UserEvent>,
        make: F,
    ) -> Result<Self, String> {
        let ctx = egui::Context::default();
        // Shown once there is something in it.
        let attributes = egui_winit::create_winit_window_attributes(&ctx, viewport.clone()).with_visible(false);
        let (window, painter, name) = match paint::open(choice.backend, event_loop, attributes.clone()) {
            Err(e) if choice.auto && choice.backend == Backend::Gl => {
                eprintln!("respite: OpenGL did not open ({e}); drawing on the CPU instead");
                paint::open(Backend::Cpu, event_loop, attributes)?
            }
            opened => opened?,
        };
        egui_winit::apply_viewport_builder_to_window(&ctx, &window, viewport);
        let renderer = Renderer { name };
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
        if !output.textures_delta.set.is_empty() || !self.painter.partial() {
            self.damage.invalidate();
        }
        let damage = self.damage.damage(&output.shapes, screen);
        let present_whole = match damage {
            Damage::Nothing => false,
            Damage::Full => true,
            Damage::Regions(_) => self.presented_whole.elapsed() > PRESENT_WHOLE_EVERY,
        };
        if present_whole {
            self.presented_whole = Instant::now();
        }
        if damage != Damage::Nothing {
            self.window.pre_present_notify();
        }
        let painted = self.painter.paint(Frame {
            ctx: &ctx,
            shapes: output.shapes,
            textures: output.textures_delta,
            ppp,
            size,
            damage,
            background: self.app.background(),
            present_whole,
        })?;
        self.app.painted(painted);
        if !self.shown {
            self.shown = true;
            self.window.set_visible(true);
        }
        Ok(Flow::Continue)
    }

    fn close(&mut self) {
        self.app.on_exit();
        self.painter.destroy();
    }
}
