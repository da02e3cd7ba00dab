//! Respite
