// The week-by-week calendar of an offer: opening hours, closures and bookings. On a
// published offer, selecting free time opens the booking form for it.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("offer-calendar");
  if (!element || !window.FullCalendar) return;
  const bookUrl = element.dataset.bookUrl;
  // Rooms and skills are booked within one opening slot; a tool is open at pick-up and return.
  const withinOpening = element.dataset.kind !== "tool";
  // The wall-clock time the person sees, without offset: "2026-06-03T10:00".
  const wallClock = (text) => text.slice(0, 16);
  const calendar = new FullCalendar.Calendar(element, {
    initialView: window.matchMedia("(max-width: 576px)").matches ? "timeGridDay" : "timeGridWeek",
    // Times come from the server in the pole's wall-clock time and are shown as they are.
    timeZone: element.dataset.timezone,
    // Today is the pole's today, whatever the browser's clock says the date is.
    now: element.dataset.now,
    locale: element.dataset.locale,
    firstDay: 1,
    allDaySlot: false,
    nowIndicator: true,
    height: "auto",
    slotMinTime: element.dataset.slotMin || "07:00",
    slotMaxTime: element.dataset.slotMax || "21:00",
    headerToolbar: { left: "prev,next today", center: "title", right: "timeGridWeek,timeGridDay" },
    events: element.dataset.events,
    selectable: Boolean(bookUrl),
    selectMirror: true,
    selectConstraint: bookUrl && withinOpening ? "open" : undefined,
    selectOverlap: (event) => !event.extendedProps.blocking,
    select: (info) => {
      const url = new URL(bookUrl, window.location.href);
      url.searchParams.set("start", wallClock(info.startStr));
      url.searchParams.set("end", wallClock(info.endStr));
      window.location.assign(url.toString());
    },
    datesSet: () => window.hideCalendarIcons(element),
    eventDidMount: (info) => {
      if (info.event.title) info.el.title = info.event.title;
    },
  });
  calendar.render();
});
