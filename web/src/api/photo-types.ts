// A clinical photo as the API describes it (the Photo schema): what it shows (a standard view of
// the head, or a trichoscopy image of a zone), when it was taken and at which time point of the
// course, and where its image and thumbnail are read (same-origin, with the session cookie, so an
// <img> can show them).
import type { Zone } from "./chair-types";
import type { TimePoint } from "./outcome-types";

// The standard views, in the order a set of photos is taken and shown.
export const photoViews = ["front", "top", "vertex", "left", "right", "back"] as const;
export type PhotoView = (typeof photoViews)[number];

export interface Photo {
  id: string;
  patient_id: string;
  course_id: string | null;
  appointment_id: string | null;
  kind: "standard" | "trichoscopy";
  view: PhotoView | null;
  zone: Zone | null;
  time_point: TimePoint;
  um_per_pixel: number | null;
  taken_at: string; // an instant (RFC 3339)
  recorded_at: string;
  recorded_by: string;
  content_type: "image/jpeg";
  width: number;
  height: number;
  byte_size: number;
  sha256: string;
  image_url: string;
  thumbnail_url: string;
}

// The largest upload the server reads (25 MB); a larger one is refused before it is read.
export const maxPhotoBytes = 25 * 1024 * 1024;
