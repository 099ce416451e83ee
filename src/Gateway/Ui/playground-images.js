// Images attached to the next playground message: read from the file input as data: URLs, shown as thumbnails until sent,
// then sent as OpenAI image_url parts. Only models whose /v1/models capabilities include "vision" take them.
"use strict";

const attachments = {
  images: [],

  // Enables the picker for a vision model; for any other model it drops what was attached.
  allow(vision) {
    const input = document.getElementById("images");
    input.disabled = !vision;
    document.getElementById("attach").title = vision ? "attach images (sent as data: URLs)" : "this model reads no images";
    if (!vision) this.clear();
  },

  async add(files) {
    const read = await Promise.all([...files].map(file => new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve({ name: file.name, url: reader.result });
      reader.onerror = () => reject(new Error(`could not read ${file.name}: ${reader.error?.message}`));
      reader.readAsDataURL(file);
    })));
    this.images.push(...read);
    this.render();
  },

  // Takes the attached images for a message and empties the tray.
  take() {
    const taken = this.images;
    this.clear();
    return taken;
  },

  clear() {
    this.images = [];
    this.render();
  },

  render() {
    const tray = document.getElementById("attachments");
    tray.replaceChildren(...this.images.map((image, i) => {
      const item = thumbnail(image);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.title = "remove " + image.name;
      remove.addEventListener("click", () => { this.images.splice(i, 1); this.render(); });
      item.appendChild(remove);
      return item;
    }));
  },
};

// A small picture of an attached or sent image, with its file name as the alternative text.
function thumbnail(image) {
  const figure = document.createElement("span");
  figure.className = "thumb";
  const img = document.createElement("img");
  img.src = image.url;
  img.alt = image.name;
  img.title = image.name;
  figure.appendChild(img);
  return figure;
}

// The content of a user message: plain text, or a text part and one image_url part per image.
function messageContent(text, images) {
  if (images.length === 0) return text;
  const parts = text.trim() ? [{ type: "text", text }] : [];
  return [...parts, ...images.map(image => ({ type: "image_url", image_url: { url: image.url } }))];
}

document.getElementById("images").addEventListener("change", async event => {
  try {
    await attachments.add(event.target.files);
  } catch (e) {
    document.getElementById("error").textContent = e.message;
  }
  event.target.value = "";
});
