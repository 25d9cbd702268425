// Today: the clinic's day (one column per practitioner, in clinic time) or week, with the
// front desk's actions on each appointment, and the worklist beside it.
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiProblem, query } from "../api/client";
import type { Appointment, AppointmentStatus, ClinicSchedule } from "../api/types";
import { currentClinicId } from "../clinic";
import { formatDate, formatTime, formatWeekday, useLanguage, useT } from "../i18n/i18n";
import { searchParam } from "../router";
import { session } from "../session";
import { useObservable } from "../state";
import { Link } from "../ui/Link";
import { MoveForm, movedMessage } from "./MoveAppointment";
import { Button, ErrorSummary, Progress, asProblem } from "../ui/forms";
import { Worklist } from "./Worklist";

function todayIn(zone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );
}

// The clinic's wall clock now, "YYYY-MM-DDTHH:MM", as appointments' `starts.local` are written.
function nowIn(zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const statusIcon: Record<AppointmentStatus, string> = { booked: "○", attended: "✓", missed: "✗", cancelled: "⊘" };

function AppointmentCard(props: {
  appointment: Appointment;
  patientName: string;
  practitioner?: string;
  onChanged: (message: string) => void;
}) {
  const t = useT();
  const lang = useLanguage();
  const a = props.appointment;
  const [moving, setMoving] = useState(false);
  // The practitioner goes from the card to the session's chart; anyone at the desk to its aftercare.
  const state = useObservable(session);
  const charts = state.status === "signed-in" && state.info.user.role === "practitioner";
  const sessionPage = `/patients/${a.patient_id}/sessions/${a.id}`;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    try {
      props.onChanged(await work());
      setMoving(false);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const record = (status: AppointmentStatus) =>
    act(async () => {
      await api.post(`/api/v1/appointments/${a.id}/status`, { status });
      return t("today.statusChanged");
    });
  return (
    <article class={`appointment appointment--${a.status}`} aria-label={`${formatTime(lang, a.starts.local)} ${props.patientName}`}>
      <p class="appointment__time">
        {formatTime(lang, a.starts.local)}–{formatTime(lang, a.ends.local)}
        {props.practitioner && <span class="appointment__who"> · {props.practitioner}</span>}
      </p>
      <p class="appointment__patient">
        <Link href={`/patients/${a.patient_id}`}>{props.patientName}</Link>
      </p>
      <p class="appointment__meta">
        {a.session_number ? t("today.session", { n: a.session_number }) : t("today.single")}
        {" · "}
        <span class="status">
          <span aria-hidden="true">{statusIcon[a.status]} </span>
          {t(`status.${a.status}`)}
        </span>
        {charts && a.course_id && a.status !== "cancelled" && (
          <>
            {" · "}
            <Link href={`${sessionPage}/chart`}>{t("record.chart")}</Link>
          </>
        )}
        {a.course_id && a.status === "attended" && (
          <>
            {" · "}
            <Link href={`${sessionPage}/aftercare`}>{t("record.aftercare")}</Link>
          </>
        )}
      </p>
      {a.status === "booked" && !moving && (
        <div class="appointment__actions">
          <Button busy={busy} onClick={() => void record("attended")}>
            {t("today.checkIn")}
          </Button>
          <Button busy={busy} onClick={() => void record("missed")}>
            {t("today.noShow")}
          </Button>
          <Button busy={busy} onClick={() => setMoving(true)}>
            {t("today.move")}
          </Button>
          <Button busy={busy} variant="danger" onClick={() => void record("cancelled")}>
            {t("today.cancel")}
          </Button>
        </div>
      )}
      {moving && (
        <MoveForm
          appointment={a}
          onMoved={(moved) => {
            setMoving(false);
            props.onChanged(movedMessage(t, lang, moved));
          }}
          onCancel={() => setMoving(false)}
        />
      )}
      <ErrorSummary problem={problem} />
    </article>
  );
}

export function TodayPage() {
  const t = useT();
  const lang = useLanguage();
  const clinicId = useObservable(currentClinicId);
  const [view, setView] = useState<"day" | "week">("day");
  // ?day=YYYY-MM-DD opens another day (a link from elsewhere); otherwise the clinic's today.
  const asked = searchParam("day");
  const [day, setDay] = useState<string>(asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : "");
  const [schedule, setSchedule] = useState<ClinicSchedule | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState("");
  // What a change says is shown once the day sheet is read again, so the two never disagree.
  const pendingNotice = useRef("");
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    setProblem(null);
    const from = day || undefined;
    const to = day ? (view === "day" ? day : addDays(day, 6)) : undefined;
    api
      .get<ClinicSchedule>(`/api/v1/clinics/${clinicId}/appointments${query({ from, to: view === "day" ? (to ?? from) : to, limit: 200 })}`)
      .then((reply) => {
        if (!live) return;
        if (!day) {
          // The first load asks for the clinic's today, known once its zone is.
          const today = todayIn(reply.time_zone);
          setDay(today);
          if (view === "day" && reply.from !== today) return;
        }
        setSchedule(reply);
        setNotice(pendingNotice.current);
        pendingNotice.current = "";
      })
      .catch((error) => live && setProblem(asProblem(error)));
    return () => {
      live = false;
    };
  }, [clinicId, day, view, reload]);

  const changed = (message: string) => {
    pendingNotice.current = message;
    setReload((n) => n + 1);
  };

  const names = new Map((schedule?.patients ?? []).map((p) => [p.id, `${p.family_name}, ${p.given_name}`]));
  const practitioners = schedule?.practitioners ?? [];
  const usernames = new Map(practitioners.map((p) => [p.id, p.username]));
  const items = (schedule?.items ?? []).filter((a) => view === "week" || a.starts.local.startsWith(day));
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <div class="today">
      <section class="page today__schedule" aria-labelledby="today-title">
        <div class="toolbar">
          <h1 id="today-title">
            {!day ? t("today.title") : view === "day" ? formatWeekday(lang, day) : t("today.weekOf", { from: formatDate(lang, day), to: formatDate(lang, addDays(day, 6)) })}
          </h1>
          <div class="toolbar__group" role="group" aria-label={t("today.title")}>
            <Button onClick={() => setDay(addDays(day, view === "day" ? -1 : -7))} disabled={!day}>
              ‹ {t("today.previous")}
            </Button>
            <Button onClick={() => schedule && setDay(todayIn(schedule.time_zone))}>{t("today.today")}</Button>
            <Button onClick={() => setDay(addDays(day, view === "day" ? 1 : 7))} disabled={!day}>
              {t("today.next")} ›
            </Button>
          </div>
          <div class="toolbar__group" role="group" aria-label={`${t("today.day")} / ${t("today.week")}`}>
            <Button variant={view === "day" ? "primary" : "secondary"} aria-pressed={view === "day"} onClick={() => setView("day")}>
              {t("today.day")}
            </Button>
            <Button variant={view === "week" ? "primary" : "secondary"} aria-pressed={view === "week"} onClick={() => setView("week")}>
              {t("today.week")}
            </Button>
          </div>
        </div>
        {schedule && schedule.time_zone !== browserZone && <p class="hint">{t("today.zone", { zone: schedule.time_zone })}</p>}
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <ErrorSummary problem={problem} />
        {!schedule && !problem && <Progress label={t("common.loading")} />}
        {schedule && items.length === 0 && <p class="empty">{view === "day" ? t("today.empty") : t("today.emptyWeek")}</p>}
        {schedule && items.length > 0 && view === "day" && (
          <DayGrid
            items={items}
            practitioners={practitioners}
            names={names}
            now={day === todayIn(schedule.time_zone) ? nowIn(schedule.time_zone) : null}
            onChanged={changed}
          />
        )}
        {schedule && items.length > 0 && view === "week" && (
          <WeekList items={items} names={names} usernames={usernames} onChanged={changed} />
        )}
      </section>
      <Worklist clinicId={clinicId} />
    </div>
  );
}

// One column per practitioner, each appointment in time order (clinic time on every card).
// On today's sheet a line marks the clinic's present time in each column, before the first
// appointment still to start, so the desk sees at a glance who is next.
function DayGrid(props: {
  items: Appointment[];
  practitioners: { id: string; username: string }[];
  names: Map<string, string>;
  now: string | null;
  onChanged: (message: string) => void;
}) {
  const t = useT();
  const lang = useLanguage();
  const columns = props.practitioners.filter((p) => props.items.some((a) => a.practitioner_id === p.id));
  const nowLine = (
    <p class="now-line" role="note">
      {t("today.now", { time: props.now ? formatTime(lang, props.now) : "" })}
    </p>
  );
  return (
    <div class="day-grid">
      {columns.map((p) => (
        <section key={p.id} class="day-grid__column" aria-label={p.username}>
          <h2 class="day-grid__head">{p.username}</h2>
          {props.items
            .filter((a) => a.practitioner_id === p.id)
            .map((a, i, column) => (
              <Fragment key={a.id}>
                {props.now && a.starts.local > props.now && (i === 0 || column[i - 1].starts.local <= props.now) && nowLine}
                <AppointmentCard appointment={a} patientName={props.names.get(a.patient_id) ?? "…"} onChanged={props.onChanged} />
              </Fragment>
            ))}
          {props.now && props.items.filter((a) => a.practitioner_id === p.id).every((a) => a.starts.local <= props.now!) && nowLine}
        </section>
      ))}
    </div>
  );
}

function WeekList(props: {
  items: Appointment[];
  names: Map<string, string>;
  usernames: Map<string, string>;
  onChanged: (message: string) => void;
}) {
  const lang = useLanguage();
  const days = [...new Set(props.items.map((a) => a.starts.local.slice(0, 10)))].sort();
  return (
    <div class="week">
      {days.map((d) => (
        <section key={d} class="week__day" aria-label={formatWeekday(lang, d)}>
          <h2>{formatWeekday(lang, d)}</h2>
          {props.items
            .filter((a) => a.starts.local.startsWith(d))
            .map((a) => (
              <AppointmentCard
                key={a.id}
                appointment={a}
                patientName={props.names.get(a.patient_id) ?? "…"}
                practitioner={props.usernames.get(a.practitioner_id)}
                onChanged={props.onChanged}
              />
            ))}
        </section>
      ))}
    </div>
  );
}
