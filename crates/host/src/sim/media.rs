//! The tray and the medium: no medium (tray open or closed) → loading
//! (BECOMING READY for a number of TEST UNIT READYs) → one UNIT ATTENTION
//! MEDIUM CHANGED → ready; plus the removal lock and the media events GET
//! EVENT STATUS NOTIFICATION reports.

use std::collections::VecDeque;

use crate::disc::Disc;

use super::Sense;

/// A media-class event (MMC GET EVENT STATUS NOTIFICATION, media event
/// codes).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MediaEvent {
    /// The operator pressed eject while removal was prevented (1h).
    EjectRequest,
    /// A medium was loaded (2h).
    NewMedia,
    /// The medium was removed or the tray opened (3h).
    MediaRemoval,
}

impl MediaEvent {
    /// The media event code.
    pub const fn code(self) -> u8 {
        match self {
            Self::EjectRequest => 1,
            Self::NewMedia => 2,
            Self::MediaRemoval => 3,
        }
    }
}

/// Most events a drive keeps before the oldest are dropped.
const MAX_EVENTS: usize = 8;

/// Tray, medium and lock state.
#[derive(Debug, Default)]
pub(crate) struct Media {
    /// The disc in the tray (loaded when the tray is closed).
    pub disc: Option<Disc>,
    /// The tray is open.
    pub tray_open: bool,
    /// TEST UNIT READYs still to answer BECOMING READY.
    pub turs_left: u32,
    /// A unit attention condition waiting for the next command.
    pub unit_attention: Option<Sense>,
    /// PREVENT ALLOW MEDIUM REMOVAL: removal prevented.
    pub prevent: bool,
    /// PREVENT ALLOW MEDIUM REMOVAL: persistent prevent.
    pub persistent_prevent: bool,
    /// Media events not yet reported, oldest first.
    pub events: VecDeque<MediaEvent>,
}

impl Media {
    /// A medium is in the closed drive (it may still be spinning up).
    pub fn present(&self) -> bool {
        !self.tray_open && self.disc.is_some()
    }

    /// A medium is present and spun up.
    pub fn ready(&self) -> bool {
        self.present() && self.turs_left == 0
    }

    /// The disc when it is present and spun up.
    pub fn ready_disc(&self) -> Option<&Disc> {
        if self.turs_left == 0 && !self.tray_open {
            self.disc.as_ref()
        } else {
            None
        }
    }

    /// The NOT READY sense for the current state, if the medium is not
    /// ready.
    pub fn not_ready(&self) -> Option<Sense> {
        if self.tray_open {
            Some(Sense::NOT_PRESENT_TRAY_OPEN)
        } else if self.disc.is_none() {
            Some(Sense::NOT_PRESENT)
        } else if self.turs_left > 0 {
            Some(Sense::BECOMING_READY)
        } else {
            None
        }
    }

    /// Gate for a command that needs the medium. A TEST UNIT READY during
    /// spin-up counts down; the last one arms MEDIUM CHANGED.
    pub fn check(&mut self, tur: bool) -> Result<(), Sense> {
        let Some(sense) = self.not_ready() else {
            return Ok(());
        };
        if tur && sense == Sense::BECOMING_READY {
            self.turs_left -= 1;
            if self.turs_left == 0 {
                self.unit_attention = Some(Sense::MEDIUM_CHANGED);
            }
        }
        Err(sense)
    }

    /// Queues a media event.
    pub fn push_event(&mut self, event: MediaEvent) {
        if self.events.len() == MAX_EVENTS {
            self.events.pop_front();
        }
        self.events.push_back(event);
    }

    /// The tray closed over a disc: spin up.
    fn load(&mut self, becoming_ready_turs: u32) {
        self.turs_left = becoming_ready_turs;
        self.unit_attention = (becoming_ready_turs == 0).then_some(Sense::MEDIUM_CHANGED);
        self.push_event(MediaEvent::NewMedia);
    }

    /// The medium leaves the drive (tray opens).
    fn unload(&mut self) {
        if self.present() {
            self.push_event(MediaEvent::MediaRemoval);
        }
        self.tray_open = true;
        self.turs_left = 0;
        self.unit_attention = None;
    }

    /// A disc is put in and the tray closed.
    pub fn insert(&mut self, disc: Disc, becoming_ready_turs: u32) {
        self.unload();
        self.disc = Some(disc);
        self.tray_open = false;
        self.load(becoming_ready_turs);
    }

    /// The tray opens and the disc is taken out.
    pub fn eject(&mut self) -> Option<Disc> {
        self.unload();
        self.disc.take()
    }

    /// The tray opens; the disc stays in it.
    pub fn open_tray(&mut self) {
        self.unload();
    }

    /// The tray closes; a disc in it is loaded.
    pub fn close_tray(&mut self, becoming_ready_turs: u32) {
        if self.tray_open {
            self.tray_open = false;
            if self.disc.is_some() {
                self.load(becoming_ready_turs);
            }
        }
    }
}
