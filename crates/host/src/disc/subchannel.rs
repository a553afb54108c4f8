//! Sub-channel frames (IEC 60908 §17): the 12-byte Q channel and the
//! 96-byte raw interleaved P–W block.
//!
//! Q channel, ADR 1 (position) in the program area and lead-out:
//!
//! | byte | field                                                    |
//! |------|----------------------------------------------------------|
//! | 0    | CONTROL (high nibble) / ADR (low nibble)                 |
//! | 1    | TNO: BCD track number, `AA` in the lead-out               |
//! | 2    | INDEX: BCD, `00` in a pregap, `01` in the lead-out        |
//! | 3..6 | BCD relative MSF (counts down to 00:00:00 in a pregap)    |
//! | 6    | zero                                                     |
//! | 7..10| BCD absolute MSF (LBA + 150)                             |
//! | 10..12 | CRC-16 (x^16 + x^12 + x^5 + 1), inverted, big-endian   |

use super::sector::{bcd, bcd_msf};

/// CRC-16 with polynomial 0x1021, initial value 0, MSB first, not
/// reflected (the catalogue's CRC-16/XMODEM), before inversion.
pub fn crc16(bytes: &[u8]) -> u16 {
    bytes.iter().fold(0u16, |crc, &b| {
        let mut crc = crc ^ (u16::from(b) << 8);
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
        crc
    })
}

/// Writes the inverted CRC-16 of `frame[..len - 2]` into its last two
/// bytes, big-endian (as the Q channel and CD-TEXT packs carry it).
pub fn seal(frame: &mut [u8]) {
    let n = frame.len() - 2;
    let crc = !crc16(&frame[..n]);
    frame[n..].copy_from_slice(&crc.to_be_bytes());
}

/// True when the last two bytes of `frame` are its inverted CRC-16.
pub fn crc_ok(frame: &[u8]) -> bool {
    let n = frame.len().saturating_sub(2);
    frame.len() >= 2 && (!crc16(&frame[..n])).to_be_bytes() == frame[n..]
}

/// An ADR 1 (position) Q frame.
pub fn position(control: u8, tno: u8, index: u8, relative: u32, absolute: u32) -> [u8; 12] {
    let [rm, rs, rf] = bcd_msf(relative);
    let [am, as_, af] = bcd_msf(absolute);
    let mut q = [
        (control << 4) | 1,
        tno,
        index,
        rm,
        rs,
        rf,
        0,
        am,
        as_,
        af,
        0,
        0,
    ];
    seal(&mut q);
    q
}

/// An ADR 2 (media catalogue number) Q frame: 13 BCD digits, 12 zero
/// bits, the BCD absolute frame.
pub fn mcn(control: u8, digits: &[u8; 13], absolute: u32) -> [u8; 12] {
    let d = |i: usize| digits[i].wrapping_sub(b'0') & 0x0F;
    let mut q = [0u8; 12];
    q[0] = (control << 4) | 2;
    for i in 0..6 {
        q[1 + i] = (d(2 * i) << 4) | d(2 * i + 1);
    }
    q[7] = d(12) << 4;
    q[9] = bcd_msf(absolute)[2];
    seal(&mut q);
    q
}

/// The 6-bit code of an ISRC letter or digit ('0'–'9' → 0–9,
/// 'A'–'Z' → 0x11–0x2A).
fn isrc_code(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'Z' => c - b'A' + 0x11,
        b'a'..=b'z' => c - b'a' + 0x11,
        _ => 0,
    }
}

/// An ADR 3 (ISRC) Q frame: five 6-bit characters (country, owner), two
/// zero bits, seven BCD digits (year, serial), four zero bits, the BCD
/// absolute frame.
pub fn isrc(control: u8, isrc: &[u8; 12], absolute: u32) -> [u8; 12] {
    let mut bits: u64 = 0;
    for &c in &isrc[..5] {
        bits = (bits << 6) | u64::from(isrc_code(c));
    }
    bits <<= 2;
    for &c in &isrc[5..] {
        bits = (bits << 4) | u64::from(c.wrapping_sub(b'0') & 0x0F);
    }
    bits <<= 4; // 30 + 2 + 28 + 4 = 64 bits = bytes 1..9
    let mut q = [0u8; 12];
    q[0] = (control << 4) | 3;
    q[1..9].copy_from_slice(&bits.to_be_bytes());
    q[9] = bcd_msf(absolute)[2];
    seal(&mut q);
    q
}

/// A lead-in (mode 1 TOC) Q frame: TNO 00, POINT, running time, PMIN
/// PSEC PFRAME.
pub fn lead_in(control: u8, point: u8, running: u32, pointed: [u8; 3]) -> [u8; 12] {
    let [min, sec, frame] = bcd_msf(running);
    let mut q = [
        (control << 4) | 1,
        0,
        point,
        min,
        sec,
        frame,
        0,
        pointed[0],
        pointed[1],
        pointed[2],
        0,
        0,
    ];
    seal(&mut q);
    q
}

/// The BCD track number for a TNO/POINT field.
pub const fn tno(track: u8) -> u8 {
    bcd(track)
}

/// Interleaves a P flag and a Q frame into the 96-byte raw P–W block:
/// byte i carries P in bit 7 and Q bit i (MSB first) in bit 6; R–W
/// (bits 5..0) are zero.
pub fn interleave(p: bool, q: &[u8; 12]) -> [u8; 96] {
    let mut out = [0u8; 96];
    for (i, byte) in out.iter_mut().enumerate() {
        let q_bit = (q[i / 8] >> (7 - i % 8)) & 1;
        *byte = (u8::from(p) << 7) | (q_bit << 6);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc16_matches_the_xmodem_check_value() {
        // The CRC catalogue's check value of CRC-16/XMODEM over "123456789".
        assert_eq!(crc16(b"123456789"), 0x31C3);
    }

    #[test]
    fn interleave_puts_q_msb_first_in_bit_six() {
        let q = [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01];
        let pw = interleave(true, &q);
        assert_eq!(pw[0], 0xC0);
        assert_eq!(pw[1], 0x80);
        assert_eq!(pw[95], 0xC0);
    }
}
