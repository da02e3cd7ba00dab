//! Respite's integration tests, as one test binary (one link instead of
//! thirteen). Each module covers one area; `support` holds the helpers they
//! share.

mod support;

mod atomic_kill;
mod audio_cli;
mod audio_cues;
mod audio_live;
mod audio_player;
mod audio_reconnect;
mod audio_render;
mod audio_voice;
mod bad_scripts;
mod builtins;
mod cli;
mod journal_cli;
mod journal_kill;
mod layers;
mod narration;
mod package;
mod package_hostile;
mod practice_cli;
mod reminder;
mod studio;
mod timeline_props;
mod ui_flows;
mod ui_journal;
mod ui_library;
mod ui_package;
mod ui_practice;
mod ui_typing;
mod ui_voice;
