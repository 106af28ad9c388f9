// The calendar of an organisation's bookings: those it made and those of its offers.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("bookings-calendar");
  if (!element || !window.FullCalendar) return;
  const narrow = window.matchMedia("(max-width: 576px)").matches;
  const calendar = new FullCalendar.Calendar(element, {
    initialView: narrow ? "listWeek" : "timeGridWeek",
    // Times come from the server in the pole's wall-clock time and are shown as they are.
    timeZone: element.dataset.timezone,
    // Today is the pole's today, whatever the browser's clock says the date is.
    now: element.dataset.now,
    locale: element.dataset.locale,
    firstDay: 1,
    allDaySlot: false,
    nowIndicator: true,
    height: "auto",
    slotMinTime: "07:00",
    slotMaxTime: "21:00",
    headerToolbar: narrow
      ? { left: "prev,next", center: "title", right: "today" }
      : { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listWeek" },
    events: element.dataset.events,
    datesSet: () => window.hideCalendarIcons(element),
    eventDidMount: (info) => {
      if (info.event.title) info.el.title = info.event.title;
    },
  });
  calendar.render();
});
