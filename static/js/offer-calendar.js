// The week-by-week calendar of an offer: opening hours, closures (and bookings).
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("offer-calendar");
  if (!element || !window.FullCalendar) return;
  const calendar = new FullCalendar.Calendar(element, {
    initialView: window.matchMedia("(max-width: 576px)").matches ? "timeGridDay" : "timeGridWeek",
    // Times come from the server in the pole's wall-clock time and are shown as they are.
    timeZone: element.dataset.timezone,
    locale: element.dataset.locale,
    firstDay: 1,
    allDaySlot: false,
    nowIndicator: true,
    height: "auto",
    slotMinTime: element.dataset.slotMin || "07:00",
    slotMaxTime: element.dataset.slotMax || "21:00",
    headerToolbar: { left: "prev,next today", center: "title", right: "timeGridWeek,timeGridDay" },
    events: element.dataset.events,
    eventDidMount: (info) => {
      if (info.event.title) info.el.title = info.event.title;
    },
  });
  calendar.render();
});
