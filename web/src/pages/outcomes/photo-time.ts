// Photos and the clinic's calendar: the day a photo was taken as the clinic counts days (the page
// shows every date on the clinic's calendar), an instant for "taken on" a past day, and the time
// point a new photo most likely belongs to.
import type { CourseOutcomes, TimePoint } from "../../api/outcome-types";
import type { Photo } from "../../api/photo-types";

// The clinic's day (YYYY-MM-DD) of an instant; the browser's when the clinic's zone is not known.
export function clinicDay(instant: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(instant));
}

// Noon of `day` on the clinic's clock as an instant with its offset (RFC 3339, in UTC), for a photo
// taken that day at a time nobody noted. Noon is never skipped or repeated by a clock change.
export function noonOn(day: string, timeZone: string | undefined): string {
  const guess = new Date(`${day}T12:00:00Z`);
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(guess);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  // What the clinic's clock read at `guess`, taken as if it were UTC: the difference is the offset.
  const shown = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  return new Date(guess.getTime() - (shown - guess.getTime())).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// The time point a photo taken on `day` most likely belongs to: the one that falls due nearest
// to it (baseline at the first session, mid-course at the middle one, end of course at the last,
// then 3, 6 and 12 months after), so a visit a few days off its date still counts for it, and a
// consultation before the first session is baseline. The earlier of two as near; baseline when
// the course has no dates; maintenance, which has none, only when chosen.
export function likelyTimePoint(outcomes: CourseOutcomes, day: string): TimePoint {
  const at = Date.parse(`${day}T00:00:00Z`);
  let found: TimePoint = "baseline";
  let nearest = Infinity;
  for (const p of outcomes.time_points) {
    if (p.due_on === null) continue;
    const distance = Math.abs(Date.parse(`${p.due_on}T00:00:00Z`) - at);
    if (distance < nearest) {
      nearest = distance;
      found = p.time_point;
    }
  }
  return found;
}

// Oldest first; taken at the same moment, in the order kept.
export function byTaken(photos: Photo[]): Photo[] {
  return [...photos].sort((a, b) => Date.parse(a.taken_at) - Date.parse(b.taken_at) || Date.parse(a.recorded_at) - Date.parse(b.recorded_at));
}
