//! MODE SENSE(6), MODE SENSE(10) and MODE SELECT(10) with pages 0x01
//! (read/write error recovery), 0x0E (CD audio control, the player's) and
//! 0x2A (MM capabilities and mechanical status).

use cdfilter_core::scsi::opcode;

use super::wire::{answer, be16, byte, put16, Outcome, Reply};
use super::{Profile, Sense, SimDrive};

/// Page control: current, changeable, default, saved.
const PC_CHANGEABLE: u8 = 1;
const PC_SAVED: u8 = 3;

/// Pages the drive has, in the order page 0x3F returns them.
const PAGES: [u8; 3] = [0x01, 0x0E, 0x2A];

/// Write speeds a writer reports in page 0x2A (kB/s: 40x, 24x, 16x, 4x).
pub(super) const WRITE_SPEEDS: [u16; 4] = [7056, 4234, 2822, 706];

/// The 8-byte block descriptor: density 0, block count 0 (all), 2048-byte
/// blocks.
const BLOCK_DESCRIPTOR: [u8; 8] = [0, 0, 0, 0, 0, 0x00, 0x08, 0x00];

impl SimDrive {
    /// One mode page (with its 2-byte header) for page control `pc`.
    fn page(&self, code: u8, pc: u8) -> Vec<u8> {
        let changeable = pc == PC_CHANGEABLE;
        match code {
            0x01 => {
                let mut p = vec![0u8; 12];
                p[0] = 0x01;
                p[1] = 0x0A;
                if !changeable {
                    p[3] = 5; // read retry count
                    p[8] = 5; // write retry count
                }
                p
            }
            0x0E => self.player.audio_page(pc).to_vec(),
            _ => {
                if changeable {
                    let mut p = self.capabilities_page();
                    p[2..].fill(0);
                    p
                } else {
                    self.capabilities_page()
                }
            }
        }
    }

    /// Page 0x2A, MM Capabilities and Mechanical Status (MMC-3 layout with
    /// the write speed descriptor table).
    fn capabilities_page(&self) -> Vec<u8> {
        let c = &self.config;
        let writer = c.profile.is_writer();
        let speeds: &[u16] = if writer { &WRITE_SPEEDS } else { &[] };
        let mut p = vec![0u8; 32 + 4 * speeds.len()];
        p[0] = 0x2A;
        p[1] = (p.len() - 2) as u8;
        p[2] = 0x07; // reads CD-R, CD-RW, Method 2
        p[3] = match c.profile {
            Profile::CdRom => 0,
            Profile::CdR => 0x05,  // Test Write, CD-R write
            Profile::CdRw => 0x07, // Test Write, CD-RW write, CD-R write
        };
        p[4] = 0x71; // Multi-session, Mode 2 Form 2, Mode 2 Form 1, Audio Play
        p[5] = 0x60 // UPC (MCN), ISRC
            | u8::from(c.c2_pointers) << 4
            | if c.subchannel { 0x0C } else { 0 } // R-W supported, de-interleaved
            | 0x03; // CD-DA stream accurate, CD-DA commands
        p[6] = 0x29 | u8::from(self.is_removal_prevented()) << 1; // tray, Eject, Lock
        p[7] = 0x03; // separate channel mute, separate volume levels
        put16(&mut p, 8, c.max_read_speed);
        put16(&mut p, 10, 256); // volume levels
        put16(&mut p, 12, 2048); // buffer size, KB
        put16(&mut p, 14, self.speed.read);
        if writer {
            put16(&mut p, 18, WRITE_SPEEDS[0]);
            put16(&mut p, 20, self.speed.write);
            put16(&mut p, 28, self.speed.write);
        }
        put16(&mut p, 30, speeds.len() as u16);
        for (i, s) in speeds.iter().enumerate() {
            put16(&mut p, 32 + 4 * i + 2, *s);
        }
        p
    }

    /// MODE SENSE(6) / MODE SENSE(10). MODE SENSE(6) returns the block
    /// descriptor unless DBD is set; MODE SENSE(10) only when configured
    /// to. Saved values are not supported.
    pub(super) fn mode_sense(&mut self, cdb: &[u8], buf: &mut [u8]) -> Outcome {
        let ten = byte(cdb, 0) == opcode::MODE_SENSE10;
        let dbd = byte(cdb, 1) & 0x08 != 0;
        let pc = byte(cdb, 2) >> 6;
        let code = byte(cdb, 2) & 0x3F;
        let subpage = byte(cdb, 3);
        let alloc = if ten {
            usize::from(be16(cdb, 7))
        } else {
            usize::from(byte(cdb, 4))
        };
        if subpage != 0 {
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        if pc == PC_SAVED {
            return Err(Sense::SAVING_NOT_SUPPORTED);
        }
        let mut pages = Vec::new();
        match code {
            0x3F => {
                for p in PAGES {
                    pages.extend_from_slice(&self.page(p, pc));
                }
            }
            c if PAGES.contains(&c) => pages = self.page(c, pc),
            _ => return Err(Sense::INVALID_FIELD_IN_CDB),
        }
        let descriptor = !dbd && (!ten || self.config.mode_sense10_block_descriptor);
        let bd: &[u8] = if descriptor { &BLOCK_DESCRIPTOR } else { &[] };
        let mut v = if ten { vec![0u8; 8] } else { vec![0u8; 4] };
        if ten {
            put16(&mut v, 6, bd.len() as u16);
        } else {
            v[3] = bd.len() as u8;
        }
        v.extend_from_slice(bd);
        v.extend_from_slice(&pages);
        let data_length = v.len() - if ten { 2 } else { 1 };
        if ten {
            put16(&mut v, 0, data_length as u16);
        } else {
            v[0] = data_length.min(255) as u8;
        }
        Ok(answer(buf, &v, alloc))
    }

    /// MODE SELECT(10): page 0x0E goes to the player; the header's mode data
    /// length must be zero; any other page is an invalid parameter.
    pub(super) fn mode_select(&mut self, cdb: &[u8], out: &[u8]) -> Outcome {
        if byte(cdb, 1) & 0x01 != 0 {
            // SP: saving pages is not supported.
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        let length = usize::from(be16(cdb, 7));
        if length == 0 {
            return Ok(Reply::Done);
        }
        let list = out.get(..length).ok_or(Sense::PARAMETER_LIST_LENGTH)?;
        if list.len() < 8 {
            return Err(Sense::PARAMETER_LIST_LENGTH);
        }
        if be16(list, 0) != 0 {
            // SPC: the mode data length is reserved in MODE SELECT.
            return Err(Sense::INVALID_FIELD_IN_PARAMETER_LIST);
        }
        let bd_len = usize::from(be16(list, 6));
        if bd_len % 8 != 0 {
            return Err(Sense::INVALID_FIELD_IN_PARAMETER_LIST);
        }
        let mut rest = list.get(8 + bd_len..).ok_or(Sense::PARAMETER_LIST_LENGTH)?;
        while !rest.is_empty() {
            let code = byte(rest, 0) & 0x3F;
            let len = 2 + usize::from(byte(rest, 1));
            let page = rest.get(..len).ok_or(Sense::PARAMETER_LIST_LENGTH)?;
            if code != 0x0E {
                return Err(Sense::INVALID_FIELD_IN_PARAMETER_LIST);
            }
            self.player.select_audio_page(page)?;
            rest = rest.get(len..).unwrap_or(&[]);
        }
        Ok(Reply::Done)
    }
}
