//! Placeholder for the audio team's `Player` (replaced at merge): the agreed
//! signatures with a player that never plays.

use crate::disc::Disc;

use super::Sense;

/// CD audio playback state (placeholder: no playback).
#[derive(Debug, Default)]
pub struct Player;

impl Player {
    /// A stopped player.
    pub fn new() -> Self {
        Self
    }

    /// Executes an audio command; `None` for every opcode here.
    pub fn command(
        &mut self,
        disc: &Disc,
        cdb: &[u8],
        data_in: &mut [u8],
    ) -> Option<Result<usize, Sense>> {
        let _ = (disc, cdb, data_in);
        None
    }

    /// Advances playback by `frames`.
    pub fn advance(&mut self, disc: &Disc, frames: u32) {
        let _ = (disc, frames);
    }

    /// Stops playback.
    pub fn stop(&mut self) {}

    /// True while playing.
    pub fn is_playing(&self) -> bool {
        false
    }

    /// Mode page 0x0E (16 bytes with its 2-byte header).
    pub fn audio_page(&self, pc: u8) -> [u8; 16] {
        let _ = pc;
        [
            0x0E, 0x0E, 0x04, 0, 0, 0, 0, 0, 0x01, 0xFF, 0x02, 0xFF, 0, 0, 0, 0,
        ]
    }

    /// MODE SELECT of page 0x0E.
    pub fn select_audio_page(&mut self, page: &[u8]) -> Result<(), Sense> {
        let _ = page;
        Ok(())
    }
}
