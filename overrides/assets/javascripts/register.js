// register.js
