//! Which renderer draws the window. It is chosen before any OpenGL library
//! is loaded, because loading one is the cost to avoid: without a GPU,
//! OpenGL is Mesa's llvmpipe, which maps LLVM (some 55 MiB) into the
//! process to draw what the CPU renderer draws directly.

use std::path::Path;

/// `cpu`, `gl` or `auto` (the default).
pub const ENV: &str = "RESPITE_RENDERER";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// egui's meshes drawn on the CPU and presented with softbuffer.
    Cpu,
    /// OpenGL through glutin and egui_glow.
    Gl,
}

/// What the machine says about OpenGL, without loading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine {
    /// A GPU render node (/dev/dri/renderD*) exists.
    pub render_node: bool,
    /// The environment tells Mesa to draw in software (LIBGL_ALWAYS_SOFTWARE,
    /// or GALLIUM_DRIVER naming a software driver).
    pub software_gl: bool,
}

impl Machine {
    /// This machine, as it is now.
    pub fn probe() -> Self {
        let render_node = std::fs::read_dir(Path::new("/dev/dri"))
            .is_ok_and(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")));
        let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty() && v != "0" && v != "false");
        let software_gl = set("LIBGL_ALWAYS_SOFTWARE").is_some()
            || set("GALLIUM_DRIVER").is_some_and(|d| ["llvmpipe", "softpipe", "swr"].contains(&d.as_str()));
        Self { render_node, software_gl }
    }
}

/// How the renderer was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub backend: Backend,
    /// Chosen by the machine, not by the setting: should OpenGL fail to
    /// open, the CPU renderer is tried instead.
    pub auto: bool,
    /// The setting was not understood (and `auto` was used): why.
    pub warning: Option<String>,
}

/// The renderer for `setting` (the value of `RESPITE_RENDERER`, if set) on
/// `machine`: OpenGL where there is a GPU for it, the CPU otherwise.
pub fn choose(setting: Option<&str>, machine: Machine) -> Choice {
    let auto = if machine.render_node && !machine.software_gl { Backend::Gl } else { Backend::Cpu };
    let (backend, warning) = match setting.map(str::trim) {
        None | Some("" | "auto") => (auto, None),
        Some("cpu") => return Choice { backend: Backend::Cpu, auto: false, warning: None },
        Some("gl") => return Choice { backend: Backend::Gl, auto: false, warning: None },
        Some(other) => {
            (auto, Some(format!("{ENV}={other:?} is not a renderer (cpu, gl or auto); using {}", auto.name())))
        }
    };
    Choice { backend, auto: true, warning }
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Gl => "gl",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPU: Machine = Machine { render_node: true, software_gl: false };
    const NO_GPU: Machine = Machine { render_node: false, software_gl: false };
    const FORCED_SOFTWARE: Machine = Machine { render_node: true, software_gl: true };

    #[test]
    fn auto_uses_gl_only_where_a_gpu_would_draw() {
        for setting in [None, Some(""), Some("auto"), Some(" auto ")] {
            let auto = |backend| Choice { backend, auto: true, warning: None };
            assert_eq!(choose(setting, GPU), auto(Backend::Gl), "{setting:?}");
            assert_eq!(choose(setting, NO_GPU), auto(Backend::Cpu), "{setting:?}");
            assert_eq!(choose(setting, FORCED_SOFTWARE), auto(Backend::Cpu), "{setting:?}");
        }
    }

    #[test]
    fn an_explicit_setting_wins_over_the_machine() {
        for machine in [GPU, NO_GPU, FORCED_SOFTWARE] {
            for backend in [Backend::Cpu, Backend::Gl] {
                let chosen = choose(Some(backend.name()), machine);
                assert_eq!(chosen, Choice { backend, auto: false, warning: None }, "{machine:?}");
            }
        }
    }

    #[test]
    fn an_unknown_setting_is_named_with_what_is_used_instead() {
        let chosen = choose(Some("vulkan"), NO_GPU);
        assert_eq!((chosen.backend, chosen.auto), (Backend::Cpu, true));
        let message = chosen.warning.unwrap_or_default();
        assert!(message.contains("RESPITE_RENDERER=\"vulkan\""), "{message}");
        assert!(message.ends_with("using cpu"), "{message}");
    }
}
