// A trichoscopy photo's trichometry result as the API describes it (the TrichometryResult
// schema): every hair the engine saw, as the practitioner reviewed it, the figures it stands for
// and the engine's beside them, and whether it has been accepted (final from then on).
import type { OutcomeMeasurement } from "./outcome-types";

export type PixelPoint = [number, number];

export interface TrichometryFigures {
  hair_count: number;
  target_area_cm2: number;
  density_per_cm2: number;
  mean_diameter_um: number;
  median_diameter_um: number;
  diameter_cv_percent: number;
  vellus_share_percent: number;
  cumulative_thickness_mm_per_cm2: number;
}

export interface TrichometryHair {
  line: PixelPoint[]; // from its exit to its visible end
  length_um: number;
  width_um: number;
  confidence: number;
  counted: boolean;
  less_sure: boolean; // the engine is less sure of its exit: the first to check
  vellus: boolean;
  source: "found" | "removed_by_practitioner" | "added_by_practitioner";
}

export interface AddedHair {
  exit: PixelPoint;
  end: PixelPoint;
  width_um: number;
}

// The practitioner's marks: counted hairs that are no hair (by their place) and hairs missed.
export interface TrichometryMarks {
  removed: number[];
  added: AddedHair[];
}

// What POST .../trichometry counts over: the area (the whole image if absent) and the width
// under which a hair is vellus (30 um if absent).
export interface TrichometryRequest {
  target_area?: { left: number; top: number; width: number; height: number };
  vellus_under_um?: number;
}

// The change since an earlier image of the same zone, hair by hair (GET .../trichometry/change).
export interface TrichometryChange {
  photo_id: string;
  baseline_photo_id: string;
  baseline_count: number;
  follow_up_count: number;
  persisting: number;
  lost: number;
  new_hairs: number;
  change: number;
  change_percent: number;
  persisting_diameter_change_um: number;
  new_hair_places: number[]; // the hairs judged new, by their place in this image's hairs
  // Each lost hair: where it left the scalp and where its shaft ended, in this image's pixels, and
  // its width, as a correction takes a missed hair (so it can be added back as given); and whether
  // its exit was less sure.
  lost_exits: { at: PixelPoint; end: PixelPoint; width_um: number; less_sure: boolean }[];
}

// A phototrichogram: day 0's hairs followed into a later image (GET .../trichometry/growth).
export interface Phototrichogram {
  photo_id: string;
  day_0_photo_id: string;
  day_0_accepted: boolean;
  days: number;
  hairs_followed: number;
  growing: number;
  anagen_share_percent: number;
  growth_mm_per_day: number;
  measurement: OutcomeMeasurement | null; // the anagen share recorded from it, once recorded
}

export interface TrichometryResult {
  id: string;
  photo_id: string;
  target_area: { left: number; top: number; width: number; height: number };
  vellus_under_um: number;
  figures: TrichometryFigures;
  automatic_figures: TrichometryFigures;
  hairs: TrichometryHair[];
  correction: (TrichometryMarks & { figures: TrichometryFigures; corrected_at: string; corrected_by: string }) | null;
  engine: string;
  analysed_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  version: number;
  overlay_url: string;
}

export interface TrichometryAcceptance extends TrichometryResult {
  measurements: OutcomeMeasurement[];
  measurements_withheld: string | null;
}
