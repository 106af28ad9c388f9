// FullCalendar draws its arrows as <span role="img"> without a text alternative; the
// button's title ("Semaine suivante") already names it, so the arrow is hidden from
// assistive technologies. Called after each redraw of the toolbar.
window.hideCalendarIcons = (element) => {
  element.querySelectorAll(".fc-button .fc-icon[role='img']").forEach((icon) => {
    icon.setAttribute("aria-hidden", "true");
  });
};
