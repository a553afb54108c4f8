//! Cue sheets (the CDRWIN format, as cdrdao, bchunk and libcdio read it).
//!
//! Supported: several `FILE`s (`BINARY`, `MOTOROLA` = big-endian audio,
//! `WAVE` = 16-bit 44.1 kHz stereo PCM after its RIFF header); `TRACK nn`
//! `AUDIO`, `MODE1/2048`, `MODE1/2352`, `MODE2/2336`, `MODE2/2352`,
//! `CDI/2336`, `CDI/2352`; `INDEX 00` (pregap stored in the file),
//! `INDEX 01`, `INDEX 02`.. ; `PREGAP` and `POSTGAP` (not stored:
//! silence or zero data is synthesised); `FLAGS DCP 4CH PRE SCMS`;
//! `CATALOG` (13 digits); `ISRC` (12 characters); `TITLE`/`PERFORMER`
//! (album before the first `TRACK`, track after it: CD-TEXT); `REM` is
//! ignored except `REM SESSION nn`. `SONGWRITER`, `CDTEXTFILE` and the
//! other CD-TEXT keywords are accepted and ignored. Anything else is an
//! error naming the file and line.
//!
//! Layout: disc LBA 0 is the first sector of the first FILE. Every
//! stored sector of every FILE is on the disc, in order; INDEX times are
//! sector counts from the start of their FILE (of whatever size the
//! sectors before them have). FILE names are looked up relative to the
//! cue sheet's directory, `\` counts as `/`, and when no file has the
//! exact name one whose name differs only in letter case is taken.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::image::{Backing, Fill, ImageSource, Layout, Run};
use super::sector::{MODE2_LEN, RAW_LEN, USER_LEN};
use super::{Control, Disc, DiscError, SectorKind, Session, Track};
use super::{FIRST_LEADOUT_LEN, LATER_LEADOUT_LEN, LEADIN_LEN};

/// Opens and parses the cue sheet at `path`.
pub(crate) fn open(path: &Path) -> Result<Disc, DiscError> {
    let bytes = std::fs::read(path).map_err(|source| DiscError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // Cue sheets in the wild are UTF-8 or Latin-1.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    };
    parse(&text, path)
}

/// The file type of a FILE line.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FileType {
    Binary,
    Motorola,
    Wave,
}

/// The FILE being read.
#[derive(Debug)]
struct CurrentFile {
    backing: usize,
    ftype: FileType,
    /// Byte offset of sector 0 (after a WAVE header).
    data_start: u64,
    /// Bytes of sector data.
    data_len: u64,
    name: String,
    line: usize,
}

/// The run being read from the current file: from sector `frame` of the
/// file (byte `byte` after `data_start`), placed at disc LBA `lba`, of
/// track `track` (an index into the drafts; `None` before any TRACK).
#[derive(Clone, Copy, Debug)]
struct OpenRun {
    track: Option<usize>,
    frame: u32,
    byte: u64,
    lba: u32,
    /// The file position of the run's last INDEX (`frame` until a second
    /// one): no INDEX of this FILE may come before it.
    last_index: u32,
}

#[derive(Debug)]
struct Draft {
    number: u8,
    line: usize,
    session: u8,
    kind: SectorKind,
    layout: Layout,
    control: Control,
    isrc: Option<[u8; 12]>,
    title: Option<String>,
    performer: Option<String>,
    pregap: u32,
    postgap: u32,
    /// INDEX numbers seen, with their LBAs.
    indexes: Vec<(u8, u32)>,
    pregap_start: u32,
}

struct Parser<'a> {
    cue: &'a Path,
    dir: PathBuf,
    line: usize,
    backings: Vec<Backing>,
    file: Option<CurrentFile>,
    run: Option<OpenRun>,
    runs: Vec<Run>,
    cursor: u32,
    drafts: Vec<Draft>,
    session: u8,
    /// Lead-outs of closed sessions.
    leadouts: Vec<u32>,
    mcn: Option<[u8; 13]>,
    title: Option<String>,
    performer: Option<String>,
}

/// Splits a line into tokens; `"..."` is one token without its quotes.
fn tokens(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&c) = chars.peek() else {
            return Ok(out);
        };
        let mut token = String::new();
        if c == '"' {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => token.push(c),
                    None => return Err("unterminated quoted string".into()),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                token.push(c);
            }
        }
        out.push(token);
    }
}

/// `mm:ss:ff` → frames.
fn msf(text: &str) -> Result<u32, String> {
    let bad = || format!("'{text}' is not a time mm:ss:ff (seconds < 60, frames < 75)");
    let parts: Vec<&str> = text.split(':').collect();
    let [m, s, f] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |p: &str| {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            p.parse::<u32>().ok()
        }
    };
    match (num(m), num(s), num(f)) {
        (Some(m), Some(s), Some(f)) if s < 60 && f < 75 => Ok(m * 4500 + s * 75 + f),
        _ => Err(bad()),
    }
}

fn two_digits(text: &str, what: &str, max: u8) -> Result<u8, String> {
    text.parse::<u8>()
        .ok()
        .filter(|&n| text.len() <= 2 && n <= max && text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("{what} '{text}' is not a number 0..={max}"))
}

/// Reads a WAVE header: (offset of the data, bytes of data).
fn wave_data(backing: &Backing, name: &str) -> Result<(u64, u64), String> {
    let Backing::File { file, .. } = backing else {
        return Err(format!("{name}: not a file"));
    };
    let mut file = file
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let io = |e: std::io::Error| format!("{name}: {e}");
    let len = file.seek(SeekFrom::End(0)).map_err(io)?;
    let mut head = [0u8; 12];
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    file.read_exact(&mut head)
        .map_err(|_| format!("{name}: too short for a WAVE file"))?;
    if &head[..4] != b"RIFF" || &head[8..] != b"WAVE" {
        return Err(format!("{name}: not a RIFF/WAVE file"));
    }
    let mut pos = 12u64;
    let mut format_ok = false;
    while pos + 8 <= len {
        let mut chunk = [0u8; 8];
        file.seek(SeekFrom::Start(pos)).map_err(io)?;
        file.read_exact(&mut chunk).map_err(io)?;
        let size = u64::from(u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]));
        match &chunk[..4] {
            b"fmt " => {
                let mut fmt = [0u8; 16];
                file.read_exact(&mut fmt)
                    .map_err(|_| format!("{name}: short fmt chunk"))?;
                let tag = u16::from_le_bytes([fmt[0], fmt[1]]);
                let channels = u16::from_le_bytes([fmt[2], fmt[3]]);
                let rate = u32::from_le_bytes([fmt[4], fmt[5], fmt[6], fmt[7]]);
                let bits = u16::from_le_bytes([fmt[14], fmt[15]]);
                if !(tag == 1 || tag == 0xFFFE) || channels != 2 || rate != 44_100 || bits != 16 {
                    return Err(format!(
                        "{name}: WAVE must be 16-bit PCM stereo at 44100 Hz \
                         (format {tag}, {channels} channels, {rate} Hz, {bits} bits)"
                    ));
                }
                format_ok = true;
            }
            b"data" => {
                if !format_ok {
                    return Err(format!("{name}: WAVE data chunk before its fmt chunk"));
                }
                let start = pos + 8;
                return Ok((start, size.min(len - start)));
            }
            _ => {}
        }
        pos += 8 + size + (size & 1);
    }
    Err(format!("{name}: WAVE file has no data chunk"))
}

/// Finds `name` relative to `dir`: exactly, or else ignoring letter case.
fn resolve(dir: &Path, name: &str) -> Option<PathBuf> {
    let name = name.replace('\\', "/");
    let exact = dir.join(&name);
    if exact.is_file() {
        return Some(exact);
    }
    let wanted = Path::new(&name);
    let parent = dir.join(wanted.parent().unwrap_or(Path::new("")));
    let leaf = wanted.file_name()?.to_str()?.to_lowercase();
    std::fs::read_dir(parent)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.to_lowercase() == leaf)
                && e.path().is_file()
        })
        .map(|e| e.path())
}

/// Parses `text` as the cue sheet at `cue`.
pub(crate) fn parse(text: &str, cue: &Path) -> Result<Disc, DiscError> {
    let mut p = Parser {
        cue,
        dir: cue
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        line: 0,
        backings: Vec::new(),
        file: None,
        run: None,
        runs: Vec::new(),
        cursor: 0,
        drafts: Vec::new(),
        session: 1,
        leadouts: Vec::new(),
        mcn: None,
        title: None,
        performer: None,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        p.line = i + 1;
        p.command(line).map_err(|reason| p.error(reason))?;
    }
    p.line += 1;
    p.finish()
}

impl Parser<'_> {
    fn error(&self, reason: String) -> DiscError {
        DiscError::Parse {
            file: self.cue.display().to_string(),
            line: self.line,
            reason,
        }
    }

    fn command(&mut self, line: &str) -> Result<(), String> {
        let tokens = tokens(line)?;
        let Some(keyword) = tokens.first() else {
            return Ok(());
        };
        let args = &tokens[1..];
        let arg = |n: usize| -> Result<&str, String> {
            args.get(n)
                .map(String::as_str)
                .ok_or_else(|| format!("{keyword} needs {} argument(s)", n + 1))
        };
        match keyword.to_ascii_uppercase().as_str() {
            "REM" => {
                if args
                    .first()
                    .is_some_and(|a| a.eq_ignore_ascii_case("SESSION"))
                {
                    self.rem_session(arg(1)?)?;
                }
                Ok(())
            }
            "FILE" => self.file(line),
            "TRACK" => self.track(arg(0)?, arg(1)?),
            "INDEX" => self.index(arg(0)?, arg(1)?),
            "PREGAP" => {
                let frames = msf(arg(0)?)?;
                let t = self.current_track("PREGAP")?;
                if !t.indexes.is_empty() {
                    return Err("PREGAP must come before the track's first INDEX".into());
                }
                t.pregap = frames;
                Ok(())
            }
            "POSTGAP" => {
                let frames = msf(arg(0)?)?;
                self.current_track("POSTGAP")?.postgap = frames;
                Ok(())
            }
            "FLAGS" => {
                let mut control = self.current_track("FLAGS")?.control;
                for flag in args {
                    match flag.to_ascii_uppercase().as_str() {
                        "DCP" => control.copy_permitted = true,
                        "PRE" => control.pre_emphasis = true,
                        "4CH" => control.four_channel = true,
                        "SCMS" => {}
                        other => {
                            return Err(format!(
                                "unknown FLAGS value '{other}' (DCP, 4CH, PRE, SCMS)"
                            ))
                        }
                    }
                }
                self.current_track("FLAGS")?.control = control;
                Ok(())
            }
            "CATALOG" => {
                let mcn = arg(0)?;
                let digits: [u8; 13] = mcn
                    .as_bytes()
                    .try_into()
                    .ok()
                    .filter(|d: &[u8; 13]| d.iter().all(u8::is_ascii_digit))
                    .ok_or_else(|| format!("CATALOG '{mcn}' is not 13 digits"))?;
                self.mcn = Some(digits);
                Ok(())
            }
            "ISRC" => {
                let isrc = arg(0)?;
                let code: [u8; 12] = isrc
                    .as_bytes()
                    .try_into()
                    .ok()
                    .filter(|c: &[u8; 12]| {
                        c[..5].iter().all(u8::is_ascii_alphanumeric) && c[5..].iter().all(u8::is_ascii_digit)
                    })
                    .ok_or_else(|| {
                        format!("ISRC '{isrc}' is not 12 characters CCOOOYYSSSSS (5 letters/digits, 7 digits)")
                    })?;
                self.current_track("ISRC")?.isrc = Some(code.map(|c| c.to_ascii_uppercase()));
                Ok(())
            }
            "TITLE" | "PERFORMER" => {
                let value = args.join(" ");
                let is_title = keyword.eq_ignore_ascii_case("TITLE");
                let slot = match self.drafts.last_mut() {
                    Some(t) if is_title => &mut t.title,
                    Some(t) => &mut t.performer,
                    None if is_title => &mut self.title,
                    None => &mut self.performer,
                };
                *slot = Some(value);
                Ok(())
            }
            "SONGWRITER" | "COMPOSER" | "ARRANGER" | "MESSAGE" | "CDTEXTFILE" | "GENRE"
            | "DISC_ID" | "UPC_EAN" | "TOC_INFO1" | "TOC_INFO2" | "SIZE_INFO" => Ok(()),
            other => Err(format!("unknown command '{other}'")),
        }
    }

    fn current_track(&mut self, what: &str) -> Result<&mut Draft, String> {
        self.drafts
            .last_mut()
            .ok_or_else(|| format!("{what} outside a TRACK"))
    }

    fn rem_session(&mut self, n: &str) -> Result<(), String> {
        let n = two_digits(n, "session", 99)?;
        let current = self.drafts.last().map_or(1, |t| t.session);
        if n == 0 || (n != current && n != current + 1) || (n > 1 && self.drafts.is_empty()) {
            return Err(format!(
                "REM SESSION {n:02} does not follow session {current:02}"
            ));
        }
        self.session = n;
        Ok(())
    }

    fn file(&mut self, line: &str) -> Result<(), String> {
        // FILE <name> <type>; the name may be quoted or hold spaces.
        let rest = line.trim().get(4..).unwrap_or("").trim();
        let (name, ftype) = rest
            .rsplit_once(char::is_whitespace)
            .ok_or("FILE needs a name and a type")?;
        let name = name.trim();
        let name = name
            .strip_prefix('"')
            .and_then(|n| n.strip_suffix('"'))
            .unwrap_or(name);
        let ftype = match ftype.to_ascii_uppercase().as_str() {
            "BINARY" => FileType::Binary,
            "MOTOROLA" => FileType::Motorola,
            "WAVE" => FileType::Wave,
            other => {
                return Err(format!(
                    "FILE type '{other}' is not supported (BINARY, MOTOROLA, WAVE)"
                ))
            }
        };
        self.close_file()?;
        let path = resolve(&self.dir, name).ok_or_else(|| {
            format!(
                "FILE \"{name}\" not found in {} (also looked without regard to letter case)",
                self.dir.display()
            )
        })?;
        let len = std::fs::metadata(&path)
            .map_err(|e| format!("FILE \"{name}\": {e}"))?
            .len();
        let backing = Backing::open(path).map_err(|e| format!("FILE \"{name}\": {e}"))?;
        let (data_start, data_len) = match ftype {
            FileType::Wave => wave_data(&backing, name)?,
            FileType::Binary | FileType::Motorola => (0, len),
        };
        self.backings.push(backing);
        self.file = Some(CurrentFile {
            backing: self.backings.len() - 1,
            ftype,
            data_start,
            data_len,
            name: name.to_string(),
            line: self.line,
        });
        self.run = Some(OpenRun {
            track: self.drafts.len().checked_sub(1),
            frame: 0,
            byte: 0,
            lba: self.cursor,
            last_index: 0,
        });
        Ok(())
    }

    fn track(&mut self, number: &str, mode: &str) -> Result<(), String> {
        let number = two_digits(number, "track number", 99)?;
        let Some(file) = &self.file else {
            return Err("TRACK before any FILE".into());
        };
        if number == 0 {
            return Err("track number 00 is not allowed".into());
        }
        if let Some(prev) = self.drafts.last() {
            if number != prev.number + 1 {
                return Err(format!(
                    "track {number:02} does not follow track {:02}",
                    prev.number
                ));
            }
            if !prev.indexes.iter().any(|&(n, _)| n == 1) {
                return Err(format!(
                    "track {:02} (line {}) has no INDEX 01",
                    prev.number, prev.line
                ));
            }
        }
        let audio_layout = match file.ftype {
            FileType::Motorola => Layout::RawSwapped,
            FileType::Binary | FileType::Wave => Layout::Raw,
        };
        let (kind, layout) = match mode.to_ascii_uppercase().as_str() {
            "AUDIO" => (SectorKind::Audio, audio_layout),
            "MODE1/2048" => (SectorKind::Mode1, Layout::Cooked),
            "MODE1/2352" => (SectorKind::Mode1, Layout::Raw),
            "MODE2/2352" | "CDI/2352" => (SectorKind::Mode2Formless, Layout::Raw),
            "MODE2/2336" | "CDI/2336" => (SectorKind::Mode2Formless, Layout::Mode2),
            other => {
                return Err(format!(
                    "track mode '{other}' is not supported \
                     (AUDIO, MODE1/2048, MODE1/2352, MODE2/2336, MODE2/2352, CDI/2336, CDI/2352)"
                ))
            }
        };
        if kind != SectorKind::Audio && file.ftype == FileType::Wave {
            return Err(format!(
                "data track {number:02} in WAVE file \"{}\"",
                file.name
            ));
        }
        self.drafts.push(Draft {
            number,
            line: self.line,
            session: self.session,
            kind,
            layout,
            control: Control {
                data: kind != SectorKind::Audio,
                ..Control::default()
            },
            isrc: None,
            title: None,
            performer: None,
            pregap: 0,
            postgap: 0,
            indexes: Vec::new(),
            pregap_start: 0,
        });
        Ok(())
    }

    /// Ends the open run at sector `frame` of the current file.
    fn close_run(&mut self, frame: u32) -> Result<(), String> {
        let Some(run) = self.run.take() else {
            return Ok(());
        };
        let len = frame - run.frame;
        if len == 0 {
            self.cursor = run.lba;
            return Ok(());
        }
        let (Some(track), Some(file)) = (run.track, &self.file) else {
            return Err("sectors in the file before its first TRACK".into());
        };
        let draft = &self.drafts[track];
        self.runs.push(Run {
            start: run.lba,
            len,
            kind: draft.kind,
            fill: Fill::Stored {
                backing: file.backing,
                offset: file.data_start + run.byte,
                layout: draft.layout,
            },
        });
        self.cursor = run.lba + len;
        Ok(())
    }

    /// Ends the current file: its open run takes the rest of its bytes.
    fn close_file(&mut self) -> Result<(), String> {
        let (Some(run), Some(file)) = (self.run, &self.file) else {
            return Ok(());
        };
        let rest = file.data_len.saturating_sub(run.byte);
        let Some(track) = run.track else {
            if rest > 0 {
                return Err(format!(
                    "FILE \"{}\" (line {}) has no TRACK",
                    file.name, file.line
                ));
            }
            self.run = None;
            return Ok(());
        };
        let draft = &self.drafts[track];
        let size = draft.layout.stored_len();
        let mut sectors = rest / size;
        if rest % size != 0 {
            if file.ftype == FileType::Wave {
                sectors += 1; // the last sector is padded with silence
            } else {
                return Err(format!(
                    "FILE \"{}\" (line {}): the {rest} bytes from track {:02}'s last INDEX to the end \
                     are not a whole number of {size}-byte sectors",
                    file.name, file.line, draft.number
                ));
            }
        }
        let frames = u32::try_from(sectors)
            .ok()
            .and_then(|n| n.checked_add(run.frame))
            .ok_or("file too large for a CD")?;
        self.close_run(frames)
    }

    fn zero_run(&mut self, len: u32, kind: SectorKind) {
        if len > 0 {
            self.runs.push(Run {
                start: self.cursor,
                len,
                kind,
                fill: Fill::Zero,
            });
            self.cursor += len;
        }
    }

    fn index(&mut self, number: &str, time: &str) -> Result<(), String> {
        let number = two_digits(number, "index", 99)?;
        let frame = msf(time)?;
        let Some(current) = self.drafts.len().checked_sub(1) else {
            return Err("INDEX outside a TRACK".into());
        };
        let run = self.run.ok_or("INDEX outside a FILE")?;
        if frame < run.last_index {
            return Err(format!(
                "INDEX {number:02} at {time} is before the previous position in this FILE"
            ));
        }
        // The position must lie in the file: its byte offset, in the layout
        // of the run it falls in, not past the file's data.
        let byte = run.byte
            + u64::from(frame - run.frame) * self.run_layout_len(run, self.drafts[current].layout);
        if let Some(file) = self.file.as_ref().filter(|f| byte > f.data_len) {
            return Err(format!(
                "INDEX {number:02} at {time} is past the end of FILE \"{}\" ({} bytes of data)",
                file.name, file.data_len
            ));
        }
        let draft = &self.drafts[current];
        match draft.indexes.last() {
            None if number > 1 => {
                return Err(format!(
                    "a track's first INDEX must be 00 or 01, not {number:02}"
                ))
            }
            Some(&(last, _)) if number != last + 1 => {
                return Err(format!("INDEX {number:02} does not follow INDEX {last:02}"))
            }
            _ => {}
        }
        if !draft.indexes.is_empty() {
            // Another index of the same track: a position in the open run.
            let lba = run.lba + (frame - run.frame);
            self.drafts[current].indexes.push((number, lba));
            self.run = Some(OpenRun {
                last_index: frame,
                ..run
            });
            return Ok(());
        }
        // The track's first index: the previous track's data ends here.
        self.close_run(frame)?;
        if let Some(prev) = current.checked_sub(1) {
            let (postgap, kind, session) = {
                let p = &self.drafts[prev];
                (p.postgap, p.kind, p.session)
            };
            self.zero_run(postgap, kind);
            if self.drafts[current].session > session {
                // Close the session: lead-out, then the next lead-in.
                self.leadouts.push(self.cursor);
                let leadout = if session == 1 {
                    FIRST_LEADOUT_LEN
                } else {
                    LATER_LEADOUT_LEN
                };
                self.cursor += leadout + LEADIN_LEN;
                let d = &mut self.drafts[current];
                if number == 1 && d.pregap == 0 {
                    d.pregap = 150;
                }
            }
        }
        let (pregap, kind, layout) = {
            let d = &mut self.drafts[current];
            d.pregap_start = self.cursor;
            (d.pregap, d.kind, d.layout)
        };
        self.zero_run(pregap, kind);
        let byte = run.byte + u64::from(frame - run.frame) * self.run_layout_len(run, layout);
        self.run = Some(OpenRun {
            track: Some(current),
            frame,
            byte,
            lba: self.cursor,
            last_index: frame,
        });
        self.drafts[current].indexes.push((number, self.cursor));
        Ok(())
    }

    /// Bytes per sector of the run `run` (its track's layout; `layout`
    /// when it has none, i.e. nothing precedes it).
    fn run_layout_len(&self, run: OpenRun, layout: Layout) -> u64 {
        run.track
            .and_then(|t| self.drafts.get(t))
            .map_or(layout, |d| d.layout)
            .stored_len()
    }

    fn finish(mut self) -> Result<Disc, DiscError> {
        self.close_file().map_err(|r| self.error(r))?;
        let Some(last) = self.drafts.last() else {
            return Err(self.error("no TRACK in the cue sheet".into()));
        };
        if !last.indexes.iter().any(|&(n, _)| n == 1) {
            let reason = format!(
                "track {:02} (line {}) has no INDEX 01",
                last.number, last.line
            );
            return Err(self.error(reason));
        }
        let (postgap, kind) = (last.postgap, last.kind);
        self.zero_run(postgap, kind);
        self.leadouts.push(self.cursor);
        if self.cursor == 0 {
            return Err(self.error("the disc has no sectors".into()));
        }
        if self.cursor > 450_000 {
            let reason = format!("{} sectors is more than a CD holds", self.cursor);
            return Err(self.error(reason));
        }
        let mut tracks: Vec<Track> = Vec::with_capacity(self.drafts.len());
        for (i, d) in self.drafts.iter().enumerate() {
            let end = match self.drafts.get(i + 1) {
                Some(next) if next.session == d.session => next.pregap_start,
                _ => self.leadouts[usize::from(d.session) - 1],
            };
            let start = d
                .indexes
                .iter()
                .find(|&&(n, _)| n == 1)
                .map_or(d.pregap_start, |&(_, lba)| lba);
            tracks.push(Track {
                number: d.number,
                session: d.session,
                kind: d.kind,
                control: d.control,
                pregap_start: d.pregap_start,
                start,
                end,
                indexes: d
                    .indexes
                    .iter()
                    .filter(|&&(n, _)| n >= 2)
                    .map(|&(_, lba)| lba)
                    .collect(),
                isrc: d.isrc,
                title: d.title.clone(),
                performer: d.performer.clone(),
            });
        }
        let sessions = self
            .leadouts
            .iter()
            .enumerate()
            .map(|(i, &leadout)| {
                let number = i as u8 + 1;
                let mut numbers = tracks
                    .iter()
                    .filter(|t| t.session == number)
                    .map(|t| t.number);
                let first = numbers.next().unwrap_or(0);
                Session {
                    number,
                    first_track: first,
                    last_track: numbers.next_back().unwrap_or(first),
                    leadout,
                }
            })
            .collect();
        Ok(Disc {
            sessions,
            tracks,
            mcn: self.mcn,
            title: self.title,
            performer: self.performer,
            source: Box::new(ImageSource {
                runs: self.runs,
                backings: self.backings,
            }),
        })
    }
}

// Sizes the layouts rely on.
const _: () = assert!(USER_LEN == 2048 && RAW_LEN == 2352 && MODE2_LEN == 2336);

/// `mm:ss:ff` of a frame count.
fn msf_text(frames: u32) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        frames / 4500,
        frames / 75 % 60,
        frames % 75
    )
}

/// Writes `disc` as one raw BIN file (2352 bytes per sector, LBA 0
/// first) and a cue sheet naming it by its file name.
pub(crate) fn export(disc: &Disc, bin: &Path, cue: &Path) -> Result<(), DiscError> {
    use std::fmt::Write as _;
    use std::io::Write as _;

    if disc.sessions.len() != 1 {
        return Err(DiscError::Invalid(
            "only single-session discs can be written as one BIN file".into(),
        ));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DiscError::Io { path, source }
    };
    let quote = |s: &str| s.replace('"', "'");
    let mut text = String::new();
    if let Some(mcn) = &disc.mcn {
        let _ = writeln!(text, "CATALOG {}", String::from_utf8_lossy(mcn));
    }
    if let Some(t) = &disc.title {
        let _ = writeln!(text, "TITLE \"{}\"", quote(t));
    }
    if let Some(p) = &disc.performer {
        let _ = writeln!(text, "PERFORMER \"{}\"", quote(p));
    }
    let name = bin
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| DiscError::Invalid(format!("{}: not a file name", bin.display())))?;
    let _ = writeln!(text, "FILE \"{name}\" BINARY");
    for t in &disc.tracks {
        let mode = match t.kind {
            SectorKind::Audio => "AUDIO",
            SectorKind::Mode1 => "MODE1/2352",
            SectorKind::Mode2Formless | SectorKind::Mode2Form1 | SectorKind::Mode2Form2 => {
                "MODE2/2352"
            }
        };
        let _ = writeln!(text, "  TRACK {:02} {mode}", t.number);
        if let Some(title) = &t.title {
            let _ = writeln!(text, "    TITLE \"{}\"", quote(title));
        }
        if let Some(p) = &t.performer {
            let _ = writeln!(text, "    PERFORMER \"{}\"", quote(p));
        }
        let c = t.control;
        let flags: Vec<&str> = [
            (c.copy_permitted, "DCP"),
            (c.four_channel, "4CH"),
            (c.pre_emphasis, "PRE"),
        ]
        .iter()
        .filter_map(|&(on, name)| on.then_some(name))
        .collect();
        if !flags.is_empty() {
            let _ = writeln!(text, "    FLAGS {}", flags.join(" "));
        }
        if let Some(isrc) = &t.isrc {
            let _ = writeln!(text, "    ISRC {}", String::from_utf8_lossy(isrc));
        }
        if t.pregap_start < t.start {
            let _ = writeln!(text, "    INDEX 00 {}", msf_text(t.pregap_start));
        }
        let _ = writeln!(text, "    INDEX 01 {}", msf_text(t.start));
        for (i, &lba) in t.indexes.iter().enumerate() {
            let _ = writeln!(text, "    INDEX {:02} {}", i + 2, msf_text(lba));
        }
    }
    let file = std::fs::File::create(bin).map_err(io(bin))?;
    let mut out = std::io::BufWriter::new(file);
    let mut sector = [0u8; RAW_LEN];
    for lba in 0..disc.leadout() {
        disc.read_main(lba, &mut sector)?;
        out.write_all(&sector).map_err(io(bin))?;
    }
    out.flush().map_err(io(bin))?;
    std::fs::write(cue, text).map_err(io(cue))
}
