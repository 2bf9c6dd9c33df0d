// An offering page: "Teilen" opens the phone's own share sheet where the browser has one; elsewhere the
// link stays what it is without JavaScript, a new e-mail with the page's address.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-share-url]");
  if (!link || typeof navigator.share !== "function") {
    return;
  }
  event.preventDefault();
  navigator.share({ title: link.dataset.shareTitle, url: link.dataset.shareUrl }).catch(() => {});
});
